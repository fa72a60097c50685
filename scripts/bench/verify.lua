-- wrk script for `npm run bench:verify` (scripts/bench-verify.mjs).
--   wrk ... -s scripts/bench/verify.lua http://127.0.0.1:<port>/ -- <Host> <expected status> [<file>|- [<header> [<path>]]]
-- Sends GET <path> (default /) with the given Host header (nginx picks the server block by it) and, when a file is
-- given, one <header> (default Cookie) per line of that file, the line being its value, rotating
-- through them (each thread starts at a different line): session cookies ("gatehouse_session=…")
-- or, with Authorization, Paperless device tokens ("Token <40 hex>"). Counts every response
-- status per thread, because wrk itself counts 3xx as success: the bench checks that all of them
-- were the expected one.
-- done() prints one line "BENCH_RESULT {json}" that the bench parses.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads - 1)
end

function init(args)
  local host = args[1]
  expected = tonumber(args[2])
  statuses = {}
  reqs = {}
  local headers = { ["Host"] = host, ["Accept"] = "text/html,application/xhtml+xml", ["User-Agent"] = "gatehouse-bench" }
  local file_name = args[3]
  local header_name = args[4] or "Cookie"
  local path = args[5] or "/"
  if file_name ~= nil and file_name ~= "-" then
    local file = assert(io.open(file_name, "r"))
    for line in file:lines() do
      if #line > 0 then
        headers[header_name] = line
        reqs[#reqs + 1] = wrk.format("GET", path, headers)
      end
    end
    file:close()
  else
    reqs[1] = wrk.format("GET", path, headers)
  end
  count = #reqs
  -- Threads start half-way apart in the list, so they do not send the same values in step.
  index = (tid * math.floor(count / 2)) % count
end

function request()
  index = index + 1
  if index > count then index = 1 end
  return reqs[index]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    if s ~= nil then
      for code, n in pairs(s) do total[code] = (total[code] or 0) + n end
    end
  end
  local parts = {}
  for code, n in pairs(total) do parts[#parts + 1] = string.format('"%d":%d', code, n) end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d,"statuses":{%s}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max, table.concat(parts, ",")))
end
