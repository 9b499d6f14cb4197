"""moto_server with the one fix the sandbox needs, applied when the server starts.

moto (5.2.5) raises a spot fleet's FulfilledCapacity when ModifySpotFleetRequest launches
instances but never lowers it when a scale-in terminates them. Every later change is computed from
that stale number: a second scale-in terminates too many instances (often all of them), a scale-out
after a scale-in launches too few, and a scale-in with no instance left fails with
InvalidParameterCombination ("No instances specified"). AWS keeps FulfilledCapacity equal to the
capacity of the fleet's running instances. Here a scale-in terminates the instances above the new
target and sets FulfilledCapacity to what is left; everything else is moto as pinned.

Usage: python moto_server_fixed.py [moto_server arguments]
"""
import sys

from moto.ec2.models import spot_requests
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

if __name__ == "__main__":
    sys.argv[0] = "moto_server"
    sys.exit(main())
