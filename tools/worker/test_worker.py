"""Tests the reference worker (sfautoscaler-worker.sh) offline, as a user would see it on an instance.

The AWS side is moto's server (SQS and EC2, a real run instance for the tags); instance metadata is a
small local HTTP server playing IMDSv2: the token, instance-id, the instance's tags and the Spot notice,
each switched on by the test. The worker runs as a process with the AWS CLI of the worker's venv.

Run: .tools/venv/bin/python tools/worker/test_worker.py  (make worker-test); needs MOTO_SERVER and the
AWS CLI on the PATH given as AWS_CLI_BIN (make sets both).
"""
import http.server
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

import boto3

HERE = Path(__file__).resolve().parent
WORKER = HERE / "sfautoscaler-worker.sh"
REGION = "us-east-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeImds(http.server.ThreadingHTTPServer):
    """IMDSv2 with the paths the worker reads; tags and the Spot notice are set by the test."""

    def __init__(self, instance_id):
        super().__init__(("127.0.0.1", 0), ImdsHandler)
        self.instance_id = instance_id
        self.tags = {}
        self.spot_action = None
        self.tokens_issued = 0

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class ImdsHandler(http.server.BaseHTTPRequestHandler):
    TOKEN = "fake-imds-token"

    def log_message(self, *args):
        pass

    def _send(self, code, body=""):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self):
        if self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            self.server.tokens_issued += 1
            self._send(200, self.TOKEN)
        else:
            self._send(400)

    def do_GET(self):
        if self.headers.get("X-aws-ec2-metadata-token") != self.TOKEN:
            self._send(401)  # IMDSv2 only, as the launch templates require (http_tokens = "required")
            return
        prefix = "/latest/meta-data/"
        path = self.path[len(prefix):] if self.path.startswith(prefix) else None
        if path == "instance-id":
            self._send(200, self.server.instance_id)
        elif path is not None and path.startswith("tags/instance/") and path[len("tags/instance/"):] in self.server.tags:
            self._send(200, self.server.tags[path[len("tags/instance/"):]])
        elif path == "spot/instance-action" and self.server.spot_action:
            self._send(200, self.server.spot_action)
        else:
            self._send(404)


class WorkerTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        cls.moto = subprocess.Popen([os.environ["MOTO_SERVER"], "-p", str(cls.port)], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
        cls.endpoint = f"http://127.0.0.1:{cls.port}"
        deadline = time.time() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", cls.port), timeout=1):
                    pass
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        kw = dict(endpoint_url=cls.endpoint, region_name=REGION, aws_access_key_id="testing",
                  aws_secret_access_key="testing")
        cls.sqs = boto3.client("sqs", **kw)
        cls.ec2 = boto3.client("ec2", **kw)

    @classmethod
    def tearDownClass(cls):
        cls.moto.terminate()
        cls.moto.wait(10)

    def setUp(self):
        image = self.ec2.describe_images()["Images"][0]["ImageId"]
        self.instance = self.ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
        self.queue = self.sqs.create_queue(QueueName=f"jobs-{self.instance}",
                                           Attributes={"VisibilityTimeout": "600"})["QueueUrl"]
        self.imds = FakeImds(self.instance)
        threading.Thread(target=self.imds.serve_forever, daemon=True).start()
        self.work = Path(tempfile.mkdtemp())
        self.worker = None
        self.log = open(os.devnull, "w")

    def tearDown(self):
        if self.worker:
            try:
                os.killpg(self.worker.pid, signal.SIGKILL)  # the worker and its loops and commands
            except ProcessLookupError:
                pass
            self.worker.wait(10)
        self.imds.shutdown()
        self.imds.server_close()
        self.log.close()

    def start_worker(self, seconds_per_message, slots=1):
        """The worker with a command that appends the body to done.txt after working for a while."""
        # One write per message (printf's single append of body and newline): two loops of one instance
        # finishing together must not interleave their lines, as two appends (body, then newline) did.
        command = f'sleep {seconds_per_message}; printf "%s\\n" "$(cat)" >> "{self.work}/done.txt"'
        env = dict(os.environ, SFAUTOSCALER_AWS_ARGS=f"--endpoint-url {self.endpoint}", AWS_DEFAULT_REGION=REGION,
                   AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                   SFAUTOSCALER_IMDS=self.imds.url, SFAUTOSCALER_POLL="1",
                   PATH=os.environ["AWS_CLI_BIN"] + os.pathsep + os.environ["PATH"])
        self.log.close()
        self.log = open(self.work / "worker.log", "w")
        self.worker = subprocess.Popen(["bash", str(WORKER), "--queue-url", self.queue, "--busy-hint",
                                        "--slots", str(slots), "--",
                                        "sh", "-c", command], env=env, stderr=self.log, start_new_session=True)

    def send(self, *bodies):
        for b in bodies:
            self.sqs.send_message(QueueUrl=self.queue, MessageBody=b)

    def done(self):
        f = self.work / "done.txt"
        return [l for l in f.read_text().splitlines() if l] if f.exists() else []

    def tags(self):
        out = self.ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [self.instance]}])["Tags"]
        return {t["Key"]: t["Value"] for t in out}

    def counts(self):
        a = self.sqs.get_queue_attributes(QueueUrl=self.queue, AttributeNames=["All"])["Attributes"]
        return int(a["ApproximateNumberOfMessages"]), int(a["ApproximateNumberOfMessagesNotVisible"])

    def until(self, condition, seconds, what):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if condition():
                return
            time.sleep(0.2)
        self.fail(f"{what} within {seconds} s; worker log:\n" + (self.work / "worker.log").read_text())

    def test_processes_each_message_once_and_deletes_it(self):
        self.send("a", "b")
        self.start_worker(0)
        self.until(lambda: self.tags().get("sfautoscaler:worker") == "drain", 15, "the worker announced the contract")
        self.until(lambda: sorted(self.done()) == ["a", "b"], 60, "both messages processed")
        self.until(lambda: self.counts() == (0, 0), 10, "every message deleted")
        self.until(lambda: self.tags().get("sfautoscaler:busy") == "0", 10, "the busy hint back at 0 after the work")
        self.assertNotIn("sfautoscaler:drained", self.tags())

    def test_a_drain_finishes_the_message_in_hand_then_reports_and_receives_nothing_more(self):
        self.send("long")
        self.start_worker(4)
        self.until(lambda: self.counts() == (0, 1), 15, "the worker took the message")
        self.send("left for others")
        self.imds.tags["sfautoscaler:drain"] = "2026-12-04T21:00:00Z"
        self.until(lambda: "sfautoscaler:drained" in self.tags(), 20, "the worker reported drained")
        self.assertEqual(["long"], self.done(), "the message in hand was finished before the report")
        time.sleep(3)
        self.assertEqual((1, 0), self.counts(), "the message in hand was deleted and no other received")
        self.assertEqual(["long"], self.done())
        # The drain is cancelled: the autoscaler removes the tags; the worker takes messages again.
        del self.imds.tags["sfautoscaler:drain"]
        self.until(lambda: self.done() == ["long", "left for others"], 20, "the worker received again")

    def test_an_instance_of_two_units_reports_drained_once_both_loops_have_finished(self):
        self.send("first", "second")
        self.start_worker(5, slots=2)
        self.until(lambda: self.counts() == (0, 2), 15, "both loops took a message")
        self.until(lambda: self.tags().get("sfautoscaler:busy") == "1", 10, "busy while they work")
        self.imds.tags["sfautoscaler:drain"] = "2026-12-04T21:00:00Z"
        self.until(lambda: "sfautoscaler:drained" in self.tags(), 30, "the instance reported drained")
        self.assertEqual(["first", "second"], sorted(self.done()), "both messages finished before the report")
        self.assertEqual((0, 0), self.counts())

    def test_a_spot_notice_gives_the_message_back_at_once_and_exits(self):
        self.send("interrupted")
        self.start_worker(60)
        self.until(lambda: self.counts() == (0, 1), 15, "the worker took the message")
        self.imds.spot_action = '{"action": "terminate", "time": "2026-12-04T21:02:00Z"}'
        self.worker.wait(20)
        self.assertEqual(0, self.worker.returncode)
        # Visible at once, not after its 600 s visibility timeout.
        got = self.sqs.receive_message(QueueUrl=self.queue, WaitTimeSeconds=1).get("Messages", [])
        self.assertEqual(["interrupted"], [m["Body"] for m in got])
        self.assertEqual([], self.done(), "the interrupted command did not complete")


if __name__ == "__main__":
    unittest.main(verbosity=2)
