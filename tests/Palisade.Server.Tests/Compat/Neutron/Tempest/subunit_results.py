"""Reads the subunit stream of one stestr run (stestr's file repository keeps version 1) (the file named first) and prints each test's id,
status and traceback as JSON, with python3-subunit and testtools (both installed with tempest), so
the C# test needs no subunit parser of its own."""
import json
import sys

import subunit
import testtools

tests = []


def keep(test):
    details = test["details"]
    reason = "\n".join(details[name].as_text() for name in ("traceback", "reason") if name in details)
    tests.append({"id": test["id"], "status": test["status"], "details": reason})


with open(sys.argv[1], "rb") as stream:
    result = testtools.ExtendedToStreamDecorator(testtools.StreamToDict(keep))
    result.startTestRun()
    subunit.ProtocolTestCase(stream).run(result)
    result.stopTestRun()

json.dump(tests, sys.stdout)
