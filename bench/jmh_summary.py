#!/usr/bin/env python3
"""Ratio tables from JMH JSON results: Cofre against the fastest library and the bare-HMAC floor of the same run."""
import json
import sys

LIBS = ["javaOtp", "samstevens", "otpJava", "googleauth", "aerogear"]
COFRE = ["cofreHotp", "cofreAt", "cofreAtText", "cofrePerCall", "cofreTokens"]

for path in sys.argv[1:]:
    rows = json.load(open(path))
    if not rows:
        continue
    threads = rows[0]["threads"]
    by = {}
    for r in rows:
        name = r["benchmark"].rsplit(".", 1)[1]
        alg = (r.get("params") or {}).get("algorithm", "SHA1")
        m = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        best = max(x for fork in m["rawData"] for x in fork)
        by[(name, alg)] = (m["score"], m["scoreError"], alloc, best)
    print(f"\n== {path}: {threads} thread(s); ops/us = codes per microsecond (all threads), +- 99.9% error")
    for alg in ("SHA1", "SHA512"):
        libs = [(by[(l, alg)][0], l) for l in LIBS if (l, alg) in by]
        if not libs:
            continue
        fastest, fastest_name = max(libs)
        floor = by.get(("hmacFloor", alg), (float("nan"),))[0]
        best_lib, best_lib_name = max((by[(l, alg)][3], l) for l in LIBS if (l, alg) in by)
        best_floor = by.get(("hmacFloor", alg), (0, 0, 0, float("nan")))[3]
        print(f"\n{alg}: fastest library = {fastest_name} {fastest:.3f} ops/us; floor Mac.doFinal = {floor:.3f} ops/us")
        print(f"(best iteration: fastest library {best_lib_name} {best_lib:.3f}, floor {best_floor:.3f}; on a shared machine "
              "load only slows an iteration down, so best-iteration ratios are the less noisy estimate)")
        print(f"{'engine':<14}{'ops/us':>9}{'+-':>8}{'ns/code':>9}{'B/code':>9}{'x fastest lib':>15}{'x floor':>9}"
              f"{'best':>9}{'best x lib':>12}{'best x floor':>14}")
        for name in COFRE + ["hmacFloor"] + LIBS:
            if (name, alg) not in by:
                continue
            s, e, a, b = by[(name, alg)]
            ns = 1000.0 * threads / s if s else float("nan")
            a_txt = "-" if a is None else f"{a:.1f}"
            print(f"{name:<14}{s:>9.3f}{e:>8.3f}{ns:>9.0f}{a_txt:>9}{s / fastest:>15.2f}{s / floor:>9.2f}"
                  f"{b:>9.3f}{b / best_lib:>12.2f}{b / best_floor:>14.2f}")
