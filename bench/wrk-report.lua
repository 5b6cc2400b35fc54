-- wrk script for bench/http.sh and bench/scale.sh: sends Authorization: Bearer $COFRE_TOKEN when set; counts
-- requests sent and 200 responses received in every thread; prints one machine-readable RESULT line with
-- throughput, latency percentiles and errors (non2xx = responses outside 2xx/3xx; socket errors by kind).
-- COFRE_PATHS=file: send the paths in it (one a line) in turn instead of the URL's: H2 answers a statement run
-- again with the same parameters from its last result while the tables are unchanged, so one repeated request
-- measures that cache, not the query.
local token = os.getenv("COFRE_TOKEN")
local paths = {}
local paths_file = os.getenv("COFRE_PATHS")
if paths_file and paths_file ~= "" then
  for line in io.lines(paths_file) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
end
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  sent = 0
  ok = 0
  prepared = {}
  if #paths == 0 then
    prepared[1] = wrk.format()
  else
    for i, path in ipairs(paths) do
      prepared[i] = wrk.format(nil, path)
    end
  end
end

function request()
  sent = sent + 1
  return prepared[(sent - 1) % #prepared + 1]
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  end
end

function done(summary, latency, requests)
  local total_sent, total_ok = 0, 0
  for _, t in ipairs(threads) do
    total_sent = total_sent + t:get("sent")
    total_ok = total_ok + t:get("ok")
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d connect=%d read=%d write=%d timeout=%d sent=%d ok200=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect, e.read, e.write, e.timeout, total_sent, total_ok))
end
