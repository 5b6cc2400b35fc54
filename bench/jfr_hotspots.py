#!/usr/bin/env python3
"""Top hot spots from a JFR file: CPU samples (self and inclusive, Cofre frames and by layer) and where request
threads wait (jdk.ThreadPark / monitor events, by the first Cofre or library frame). Usage: jfr_hotspots.py FILE"""
import collections
import re
import subprocess
import sys

path = sys.argv[1]


def events(name):
    out = subprocess.run(["jfr", "print", "--stack-depth", "64", "--events", name, path], capture_output=True, text=True).stdout
    return out.split(name + " {")[1:]


def frames(e):
    return re.findall(r"^\s+([\w$.<>/]+)\(", e, re.M)


LAYERS = [("dev.cofre", "Cofre"), ("org.h2", "H2"), ("org.postgresql", "PostgreSQL JDBC"),
          ("com.zaxxer", "HikariCP"), ("org.springframework.security", "Spring Security"),
          ("org.springframework.jdbc", "Spring JDBC"), ("org.springframework.web", "Spring MVC"),
          ("tools.jackson", "Jackson"), ("com.fasterxml.jackson", "Jackson"), ("org.apache", "Tomcat"),
          ("io.micrometer", "Micrometer"), ("sun.security", "JDK crypto"), ("com.sun.crypto", "JDK crypto"),
          ("javax.crypto", "JDK crypto"), ("sun.nio", "JDK NIO"), ("java.", "JDK other")]

samples = events("jdk.ExecutionSample")
n = len(samples)
self_c, incl, layer, writer = (collections.Counter() for _ in range(4))
for s in samples:
    f = frames(s)
    if not f:
        continue
    self_c[f[0]] += 1
    for name in set(f):
        if name.startswith("dev.cofre") or name.startswith("org.springframework.security.web.FilterChainProxy"):
            incl[name] += 1
    top = next((x for x in f if not x.startswith(("java.", "jdk.", "sun.", "com.sun."))), f[0])
    layer[next((label for prefix, label in LAYERS if top.startswith(prefix)), "JDK / other")] += 1
    if "dev.cofre.audit.JdbcAuditSink.write" in f:
        writer[next((x for x in f if x.startswith(("org.h2", "org.postgresql", "dev.cofre.audit.AuditChain",
                                                      "com.zaxxer", "org.springframework.jdbc"))), f[0])] += 1
print(f"{path}: {n} CPU samples (jdk.ExecutionSample)")
print("\nCPU by layer (top-most non-JDK frame of each sample):")
for k, c in layer.most_common():
    print(f"  {100 * c / n:5.1f}%  {k}")
print("\nAudit writer thread (JdbcAuditSink.write), first database/chain frame:")
for k, c in writer.most_common(8):
    print(f"  {100 * c / n:5.1f}%  {k}")
print("\nTop self frames:")
for k, c in self_c.most_common(15):
    print(f"  {100 * c / n:5.1f}%  {k}")
print("\nCofre frames, inclusive (share of all CPU samples that pass through them):")
for k, c in incl.most_common(25):
    print(f"  {100 * c / n:5.1f}%  {k}")

waits = collections.Counter()
count = collections.Counter()
for kind in ("jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait", "jdk.SocketRead"):
    for e in events(kind):
        th = re.search(r'eventThread = "([^"]+)"', e)
        if not th or "exec" not in th.group(1):
            continue
        m = re.search(r"duration = ([\d.]+) (ms|s|us)", e)
        d = float(m.group(1)) * {"s": 1000, "ms": 1, "us": 0.001}[m.group(2)] if m else 0
        f = frames(e)
        where = next((x for x in f if x.startswith("dev.cofre")), None) or next(
            (x for x in f if not x.startswith("java.") and not x.startswith("jdk.") and not x.startswith("sun.")), "?")
        key = f"{kind}: {where}"
        waits[key] += d
        count[key] += 1
print("\nRequest-thread waits (sum of durations; JFR records waits above its threshold only):")
for k, d in waits.most_common(10):
    print(f"  {d:10.0f} ms  {count[k]:6d}x  {k}")
