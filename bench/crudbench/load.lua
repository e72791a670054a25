-- wrk script for bench/crud. Everything comes from the environment (set by CrudBench.java):
--   BENCH_METHOD  GET or POST                    BENCH_PATH  path and query; {id}, {status}, {qty} are
--   BENCH_BODY    request body (JSON), optional              replaced per request by random values
--   BENCH_ID_MIN, BENCH_ID_MAX   the range of {id}
-- done() prints one line "BENCH {json}" with counts, errors and latency percentiles in microseconds.
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local body = os.getenv("BENCH_BODY")
local lo = tonumber(os.getenv("BENCH_ID_MIN") or "1")
local hi = tonumber(os.getenv("BENCH_ID_MAX") or "1")
local statuses = {"new", "paid", "shipped", "cancelled"}
local headers = {}
if body then headers["Content-Type"] = "application/json" end
local dynamic = path:find("{") ~= nil

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
end

local fixed = nil   -- built on the first request: wrk adds the Host header only after the script loads
function request()
  if fixed then return fixed end
  if not dynamic then
    fixed = wrk.format(method, path, headers, body)
    return fixed
  end
  local p = path:gsub("{id}", function() return tostring(math.random(lo, hi)) end)
  p = p:gsub("{status}", function() return statuses[math.random(1, #statuses)] end)
  p = p:gsub("{qty}", function() return tostring(math.random(0, 40)) end)
  return wrk.format(method, p, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,'
      .. '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
