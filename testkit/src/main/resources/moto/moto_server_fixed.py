"""moto_server with the five fixes the tests and the sandbox need, applied when the server starts.

1. moto (5.2.5) raises a spot fleet's FulfilledCapacity when ModifySpotFleetRequest launches
instances but never lowers it when a scale-in terminates them. Every later change is computed from
that stale number: a second scale-in terminates too many instances (often all of them), a scale-out
after a scale-in launches too few, and a scale-in with no instance left fails with
InvalidParameterCombination ("No instances specified"). AWS keeps FulfilledCapacity equal to the
capacity of the fleet's running instances. Here a scale-in terminates the instances above the new
target and sets FulfilledCapacity to what is left.

2. moto (5.2.5) has no EC2 ModifyFleet at all. Here it sets a maintain fleet's TotalTargetCapacity
(and OnDemandTargetCapacity when given, else the fleet keeps its on-demand part), launches the
capacity a higher target needs as CreateFleet would (DefaultTargetCapacityType, the fleet's
allocation strategy) and, with ExcessCapacityTerminationPolicy termination (the default), terminates
instances above a lower target, keeping FulfilledCapacity equal to what runs. It answers
InvalidFleetId.NotFound for an unknown fleet and refuses request and instant fleets as AWS does.
The fleet is never shown 'modifying': the change is applied at once.

3. moto (5.2.5) sizes an Auto Scaling group with a mixed instances policy by its first override
alone: SetDesiredCapacity launches ceil(desired / first weight) instances of the launch template's
type, whatever the overrides' types and weights. AWS counts desired capacity in the overrides'
WeightedCapacity units and launches the overrides' types. Here SetDesiredCapacity on such a group
launches, in the overrides' order, as many instances of each type as fit in the units still
missing (the last, lightest one rounding up, so the group may exceed its desired capacity by less
than one instance's weight, as AWS may), each instance carrying its WeightedCapacity; on a lower
desired capacity it terminates instances, newest first, while what stays still covers it. Detaching
an instance (DetachInstances, TerminateInstanceInAutoScalingGroup) re-sizes such a group the same way,
not by instance count at the first override's weight, which terminated instances nobody named. Groups
without weighted overrides, CreateAutoScalingGroup and AttachInstances are moto's own.

4. moto (5.2.5) serves CloudWatch in the Query and JSON protocols only; the AWS SDK for Java speaks
CloudWatch's Smithy RPC v2 CBOR protocol (POST /service/GraniteServiceVersion20100801/operation/<name>),
which moto answers with 404. Here GetMetricData, the one CloudWatch call the functions make, is served in
that protocol: the request is decoded and the answer encoded with botocore's own CBOR codec and
CloudWatch's model, the data come from moto's CloudWatch (metrics put with PutMetricData in the Query
protocol, as the test kit's CloudWatchQuery does).

5. moto (5.2.5) drops an instance terminated with TerminateInstances from its spot fleet's or EC2 Fleet's
instance list but lowers the fleet's FulfilledCapacity only when one of the fleet's launch specifications
names the instance's type and subnet: an EC2 Fleet's launch template overrides name no subnet, so its
FulfilledCapacity keeps every terminated instance's units (a drain's fleet of 10 units that terminated 6
still showed 10). AWS lowers FulfilledCapacity when an instance of the fleet terminates (a drain lowers
the target with noTermination, then terminates exactly the drained instances). Here TerminateInstances
also removes the instances from the fleets that launched them and sets their FulfilledCapacity to the
units of what is left.

Everything else is moto as pinned.

Usage: python moto_server_fixed.py [moto_server arguments]
"""
import sys
from datetime import timezone

import botocore.session
from botocore.parsers import RpcV2CBORParser
from botocore.serialize import RpcV2CBORSerializer
from moto.autoscaling.models import ASG_NAME_TAG, AutoScalingBackend, DetachInstanceActivity, InstanceState
from moto.cloudwatch import urls as cloudwatch_urls
from moto.cloudwatch.responses import CloudWatchResponse
from moto.autoscaling.responses import AutoScalingResponse
from moto.core.responses import ActionResult, EmptyResult
from moto.ec2.exceptions import EC2ClientError
from moto.ec2.models import spot_requests
from moto.ec2.responses.fleets import Fleets
from moto.server import main

fleet_class = getattr(spot_requests, "SpotFleetRequest", None)
if fleet_class is None or not callable(getattr(fleet_class, "terminate_instances", None)):
    sys.exit("moto_server_fixed.py: moto's SpotFleetRequest.terminate_instances is gone; "
             "the sandbox's fix of spot fleet scale-in does not apply to this moto version")


def _weight(fleet, instance):
    """The weighted capacity of the launch specification the instance was launched from."""
    for spec in fleet.launch_specs:
        if spec.instance_type == instance.instance_type and spec.subnet_id == instance.subnet_id:
            return spec.weighted_capacity
    return fleet.launch_specs[-1].weighted_capacity if fleet.launch_specs else 1


def terminate_instances(self):
    fulfilled = sum(_weight(self, request.instance) for request in self.spot_requests)
    doomed = []
    for request in self.spot_requests:
        weight = _weight(self, request.instance)
        if fulfilled - weight < self.target_capacity:
            continue
        fulfilled -= weight
        doomed.append(request.instance.id)
    self.spot_requests = [r for r in self.spot_requests if r.instance.id not in doomed]
    self.fulfilled_capacity = float(fulfilled)
    if doomed:
        self.ec2_backend.terminate_instances(doomed)


fleet_class.terminate_instances = terminate_instances

if hasattr(Fleets, "modify_fleet"):
    sys.exit("moto_server_fixed.py: this moto has its own ModifyFleet; the test kit's stand-in must go")


def _ec2_fleet_weight(fleet, instance):
    for spec in fleet.launch_specs:
        if spec.instance_type == instance.instance_type:
            return float(spec.weighted_capacity)
    return 1.0


def _ec2_fleet_requests(fleet):
    """(instance, weight, remove) for each running instance of an EC2 Fleet, spot and on-demand."""
    out = []
    for request in list(fleet.spot_requests):
        out.append((request.instance, lambda r=request: fleet.spot_requests.remove(r)))
    for entry in list(fleet.on_demand_instances):
        out.append((entry["instance"], lambda e=entry: fleet.on_demand_instances.remove(e)))
    return [(i, _ec2_fleet_weight(fleet, i), remove) for i, remove in out if i.state != "terminated"]


def modify_fleet(self):
    fleet_id = self._get_param("FleetId")
    spec = self._get_param("TargetCapacitySpecification", {}) or {}
    policy = self._get_param("ExcessCapacityTerminationPolicy")
    fleet = self.ec2_backend.get_fleet(fleet_id)
    if fleet is None:
        raise EC2ClientError("InvalidFleetId.NotFound", f"The fleet ID '{fleet_id}' does not exist")
    if fleet.fleet_type != "maintain":
        raise EC2ClientError("InvalidParameterValue",
                             f"Fleet {fleet_id} is of type '{fleet.fleet_type}'; only maintain fleets can be modified")
    total = int(spec.get("TotalTargetCapacity", fleet.target_capacity))
    capacity = dict(fleet.target_capacity_specification)
    capacity["TotalTargetCapacity"] = total
    if spec.get("OnDemandTargetCapacity") is not None:
        capacity["OnDemandTargetCapacity"] = int(spec["OnDemandTargetCapacity"])
        fleet.on_demand_target_capacity = int(spec["OnDemandTargetCapacity"])
    if int(capacity.get("OnDemandTargetCapacity", 0) or 0) > total:
        raise EC2ClientError("InvalidParameterValue",
                             "OnDemandTargetCapacity cannot be greater than TotalTargetCapacity")
    if policy:
        fleet.excess_capacity_termination_policy = policy
    fleet.target_capacity_specification = capacity
    fleet.target_capacity = total
    running = _ec2_fleet_requests(fleet)
    fulfilled = sum(weight for _, weight, _ in running)
    fleet.fulfilled_capacity = float(fulfilled)
    if total > fulfilled:
        if (capacity.get("DefaultTargetCapacityType") or "on-demand") == "spot":
            fleet.create_spot_requests(total - fulfilled)
        else:
            fleet.create_on_demand_requests(total - fulfilled)
    elif total < fulfilled and fleet.excess_capacity_termination_policy != "no-termination":
        doomed = []
        for instance, weight, remove in running:
            if fulfilled - weight < total:
                continue
            fulfilled -= weight
            doomed.append(instance.id)
            remove()
        fleet.fulfilled_capacity = float(fulfilled)
        if doomed:
            self.ec2_backend.terminate_instances(doomed)
    return ActionResult({"Return": True})


Fleets.modify_fleet = modify_fleet



def _overrides(group):
    """(instance type, weight) of a mixed instances group's overrides, or None when none is weighted."""
    policy = group.mixed_instances_policy or {}
    overrides = policy.get("LaunchTemplate", {}).get("Overrides", []) or []
    if not any(o.get("WeightedCapacity") for o in overrides):
        return None
    return [(o.get("InstanceType"), int(o.get("WeightedCapacity") or 1) or 1) for o in overrides]


def _launch(group, instance_type, count):
    tags = group.get_propagated_tags()
    tags[ASG_NAME_TAG] = group.name
    tags.update(group.instance_tags)
    template = None
    if group.ec2_launch_template:
        if group.ec2_launch_template.id:
            template = {"LaunchTemplateId": group.ec2_launch_template.id}
        elif group.ec2_launch_template.name:
            template = {"LaunchTemplateName": group.ec2_launch_template.name}
    subnet = group.vpc_zone_identifier.split(",")[0] if group.vpc_zone_identifier else None
    reservation = group.autoscaling_backend.ec2_backend.run_instances(
        group.image_id, count, group.user_data, group.security_groups, instance_type=instance_type,
        tags={"instance": tags}, placement=group.availability_zones[0], launch_config=group.launch_config,
        launch_template=template, is_instance_type_default=False, subnet_id=subnet)
    for instance in reservation.instances:
        instance.autoscaling_group = group
        group.instance_states.append(InstanceState(
            instance, protected_from_scale_in=group.new_instances_protected_from_scale_in))


def _weighted_desired_capacity(group, desired, overrides):
    weights = dict(overrides)
    for state in group.instance_states:
        state.weighted_capacity = str(weights.get(state.instance.instance_type, 1))
    group.desired_capacity = desired
    have = sum(int(s.weighted_capacity) for s in group.instance_states)
    missing = desired - have
    if missing > 0:
        for instance_type, weight in overrides:
            if missing >= weight:
                _launch(group, instance_type, missing // weight)
                missing %= weight
        if missing > 0:
            _launch(group, min(overrides, key=lambda o: o[1])[0], 1)
    elif missing < 0:
        doomed = []
        for state in reversed(group.instance_states):
            weight = int(state.weighted_capacity)
            if not state.protected_from_scale_in and have - weight >= desired:
                have -= weight
                doomed.append(state)
        if doomed:
            group.autoscaling_backend.ec2_backend.terminate_instances([s.instance.id for s in doomed])
            group.instance_states = [s for s in group.instance_states if s not in doomed]
    for state in group.instance_states:
        state.weighted_capacity = str(weights.get(state.instance.instance_type, 1))


_moto_set_desired_capacity = AutoScalingResponse.set_desired_capacity


def set_desired_capacity(self):
    group = self.autoscaling_backend.autoscaling_groups.get(self._get_param("AutoScalingGroupName"))
    overrides = _overrides(group) if group is not None else None
    if overrides is None:
        return _moto_set_desired_capacity(self)
    _weighted_desired_capacity(group, self._get_int_param("DesiredCapacity"), overrides)
    return EmptyResult()


AutoScalingResponse.set_desired_capacity = set_desired_capacity


_moto_detach_instances = AutoScalingBackend.detach_instances


def detach_instances(self, group_name, instance_ids, should_decrement):
    """moto's detach (also TerminateInstanceInAutoScalingGroup's) then re-sizes a weighted group by instance
    count at its first override's weight, terminating instances nobody asked to terminate (a drain's next
    TerminateInstanceInAutoScalingGroup then fails with a 500): a weighted group is re-sized in units here."""
    group = self.autoscaling_groups[group_name]
    overrides = _overrides(group)
    if overrides is None:
        return _moto_detach_instances(self, group_name, instance_ids, should_decrement)
    activities = []
    for state in [s for s in group.instance_states if s.instance.id in instance_ids]:
        self.ec2_backend.delete_tags([state.instance.id], {ASG_NAME_TAG: group.name})
        activities.append(DetachInstanceActivity(state.instance))
    group.instance_states = [s for s in group.instance_states if s.instance.id not in instance_ids]
    if should_decrement:
        # As moto: one per instance (AWS: the instance's weight); the drain's finish sets what runs.
        group.desired_capacity = group.desired_capacity - len(instance_ids)
    _weighted_desired_capacity(group, group.desired_capacity, overrides)
    return activities


AutoScalingBackend.detach_instances = detach_instances


_GET_METRIC_DATA = botocore.session.get_session().get_service_model("cloudwatch").operation_model("GetMetricData")
_CBOR_IN = RpcV2CBORParser()
_CBOR_OUT = RpcV2CBORSerializer()


def _naive_utc(moment):
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def get_metric_data_cbor(request, full_url, headers):
    """CloudWatch GetMetricData in the RPC v2 CBOR protocol, answered from moto's CloudWatch."""
    response = CloudWatchResponse()
    response.setup_class(request, full_url, headers, use_raw_body=True)
    params = _CBOR_IN.parse_data_item(_CBOR_IN.get_peekable_stream_from_bytes(response.raw_body))
    # moto keeps its datapoints' times in UTC without a zone; CBOR carries them as epoch seconds.
    results = response.cloudwatch_backend.get_metric_data(
        queries=params.get("MetricDataQueries", []), start_time=_naive_utc(params["StartTime"]),
        end_time=_naive_utc(params["EndTime"]), scan_by=params.get("ScanBy") or "TimestampAscending")
    answer = {"MetricDataResults": [{"Id": r["id"], "Label": r["label"],
                                     "Timestamps": [t.replace(tzinfo=timezone.utc) for t in r["timestamps"]],
                                     "Values": r["values"], "StatusCode": r["status_code"]} for r in results],
              "Messages": []}
    body = bytearray()
    _CBOR_OUT._serialize_data_item(body, answer, _GET_METRIC_DATA.output_shape)
    return 200, {"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"}, bytes(body)


cloudwatch_urls.url_paths["{0}/service/GraniteServiceVersion20100801/operation/GetMetricData$"] = get_metric_data_cbor

from moto.ec2.models.instances import InstanceBackend

_moto_terminate_instances = InstanceBackend.terminate_instances


def terminate_instances_and_leave_fleets(self, instance_ids):
    gone = set(instance_ids)
    # Which fleets hold the instances, found before moto's own terminate: it drops them from their fleet's
    # lists itself but lowers FulfilledCapacity only when a launch spec matches the instance's type and
    # subnet (an EC2 Fleet's overrides name no subnet, so never), and afterwards nothing shows the fleet.
    spot_fleets = [f for f in getattr(self, "spot_fleet_requests", {}).values()
                   if any(r.instance.id in gone for r in f.spot_requests)]
    ec2_fleets = [f for f in getattr(self, "fleets", {}).values()
                  if any(r.instance.id in gone for r in f.spot_requests)
                  or any(e["instance"].id in gone for e in f.on_demand_instances)]
    result = _moto_terminate_instances(self, instance_ids)
    for fleet in spot_fleets:
        fleet.spot_requests = [r for r in fleet.spot_requests if r.instance.id not in gone]
        fleet.fulfilled_capacity = float(sum(_weight(fleet, r.instance) for r in fleet.spot_requests))
    for fleet in ec2_fleets:
        fleet.spot_requests = [r for r in fleet.spot_requests if r.instance.id not in gone]
        fleet.on_demand_instances = [e for e in fleet.on_demand_instances if e["instance"].id not in gone]
        fleet.fulfilled_capacity = float(sum(w for _, w, _ in _ec2_fleet_requests(fleet)))
    return result


InstanceBackend.terminate_instances = terminate_instances_and_leave_fleets

if __name__ == "__main__":
    sys.argv[0] = "moto_server"
    sys.exit(main())
