# 200 fleets on the default schedule, each with an input the size a typical fleet's is (~400
# characters): test files cannot call functions to make them, this fixture can.

module "groups" {
  source = "../.."
  fleets = {
    for i in range(200) : format("fleet-%03d", i) => {
      schedule_expression = "rate(1 minute)"
      input               = jsonencode({ target = { kind = "spot-fleet", id = format("sfr-5e1f0000-0000-4000-8000-%012d", i) }, queueUrl = format("https://sqs.eu-west-1.amazonaws.com/123456789012/jobs-%03d", i), policy = { minCapacity = 1, maxCapacity = 40, backlogPerUnit = 75, scaleOutAlarmName = format("jobs-%03d-backlog-high", i), scaleInAlarmName = format("jobs-%03d-backlog-low", i) }, workflow = { settleSeconds = 60 }, dryRun = false })
    }
  }
  fleets_per_target = var.fleets_per_target
}
