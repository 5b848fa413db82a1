# AWS IoT Core side of the lock fleet (DESIGN §7): one thing per lock (thing name = device id = MQTT
# client id), one X.509 certificate per thing, and one shared policy whose thing-name variable confines
# every device to lockstep/v1/<its thing name>/... . The gateway gets its own policy.
#
# Policy documents live beside this file as JSON so the same text is reviewed, tested and deployed.

variable "region" {
  type = string
}

variable "gateway_share_group" {
  type    = string
  default = "lockstep-gateway"
}

data "aws_caller_identity" "current" {}

locals {
  policy_vars = {
    Region    = var.region
    AccountId = data.aws_caller_identity.current.account_id
  }
  # replace() substitutes only ${Region} and ${AccountId} ("$${" is HCL's escape for a literal "${");
  # the ${iot:Connection.Thing.ThingName} variables reach AWS verbatim and are resolved per connection.
  thing_policy   = replace(replace(file("${path.module}/thing-policy.json"), "$${Region}", var.region), "$${AccountId}", data.aws_caller_identity.current.account_id)
  gateway_policy = replace(replace(replace(file("${path.module}/gateway-policy.json"), "$${Region}", var.region), "$${AccountId}", data.aws_caller_identity.current.account_id), "lockstep-gateway", var.gateway_share_group)
}

resource "aws_iot_policy" "lock" {
  name   = "lockstep-lock"
  policy = local.thing_policy
}

resource "aws_iot_policy" "gateway" {
  name   = "lockstep-gateway"
  policy = local.gateway_policy
}

resource "aws_iot_thing_type" "lock" {
  name = "lockstep-lock"
}

# Things and certificates are created per lock at commissioning (API → IoT CreateThing,
# CreateKeysAndCertificate or CSR, AttachPolicy lockstep-lock, AttachThingPrincipal), not here:
# Terraform owns the fleet-wide policy, the registry owns the fleet.
