#!/usr/bin/env python3
"""CPU microseconds per request by stage, from async-profiler collapsed stacks taken with 'threads' and a 2 ms
interval (bench/profile.sh). Usage: cpu_breakdown.py FILE.collapsed REQUESTS_DURING_THE_PROFILE [INTERVAL_MS]"""
import collections
import sys

path, requests = sys.argv[1], float(sys.argv[2])
interval_us = 1000 * float(sys.argv[3]) if len(sys.argv) > 3 else 2000


def stage(frames):
    thread, stack = frames[0], ";".join(frames)
    if "http-nio" in thread and "exec" in thread:
        if "CoyoteAdapter.service" not in stack:
            return "request thread: outside the servlet (socket reads, keep-alive)"
        if "FilterChainProxy" not in stack:
            return "request thread: Tomcat before and after the filters (incl. the final write)"
        if "DispatcherServlet.doDispatch" not in stack:
            return "request thread: security filters (incl. bearer token)"
        if "getHandler" in stack and "AbstractHandlerMethodAdapter.handle" not in stack:
            return "request thread: MVC handler lookup"
        if "handleReturnValue" in stack:
            return "request thread: writing the answer (JSON)"
        if "InvocableHandlerMethod.doInvoke" in stack:
            return "request thread: the handler (policy, database, crypto, TOTP, audit wait)"
        return "request thread: other MVC"
    for key, name in (("Poller", "Tomcat poller"), ("audit-writer", "audit writer thread"), ("H2", "H2 threads"),
                      ("MVStore", "H2 threads"), ("C2", "JIT compiler"), ("C1", "JIT compiler"), ("GC", "GC"),
                      ("G1", "GC")):
        if key in thread:
            return name
    return "other threads"


totals = collections.Counter()
for line in open(path):
    stack, n = line.rstrip().rsplit(" ", 1)
    totals[stage(stack.split(";"))] += int(n)
all_samples = sum(totals.values())
print(f"{path}: {all_samples * interval_us / requests:.1f} us CPU per request")
for name, n in totals.most_common():
    print(f"  {n * interval_us / requests:7.1f} us  {100 * n / all_samples:5.1f} %  {name}")
