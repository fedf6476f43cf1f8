-- Shared by the case scripts (loaded with require; bench/run.sh runs wrk from the repository root).
local common = {}

-- Every non-empty line of a file, as an array; fails loudly when the file is missing or empty.
function common.lines(path)
  local file = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  local lines = {}
  for line in file:lines() do
    if line ~= "" then lines[#lines + 1] = line end
  end
  file:close()
  assert(#lines > 0, path .. " is empty")
  return lines
end

local seeded = false
function common.seed()
  if not seeded then
    -- One seed per Lua state (wrk makes one per thread); os.clock differs between states.
    math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000) % 1000)
    seeded = true
  end
end

function common.pick(list)
  return list[math.random(#list)]
end

-- Answers below 400 that are not the right one (wrk counts 400 and above itself, as non2xx): each
-- thread counts them in its global `wrong`, which done reads through the threads setup collected.
wrong = 0
local threads = {}
function common.setup(thread)
  threads[#threads + 1] = thread
end

-- The id a request carried in X-Request-Id, as the service echoes it back in its answer.
function common.echoed_id(headers)
  return headers["X-Request-Id"] or headers["x-request-id"]
end

-- Whether the body holds the text (a plain search: no pattern, no JSON parsing).
function common.has(body, text)
  return body ~= nil and string.find(body, text, 1, true) ~= nil
end

-- Counts an answer that is not the right one, unless wrk counts it already (400 and above).
function common.wrong(status)
  if status < 400 then wrong = wrong + 1 end
end

-- Printed once at the end of the run; bench/run.sh parses the BENCH line. Latencies in microseconds.
function common.done(summary, latency, requests)
  local e = summary.errors
  local wrong_total = 0
  for _, thread in ipairs(threads) do wrong_total = wrong_total + (thread:get("wrong") or 0) end
  io.write(string.format(
    "BENCH requests=%d duration_us=%d non2xx=%d wrong=%d connect=%d read=%d write=%d timeout=%d " ..
    "p50_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f\n",
    summary.requests, summary.duration, e.status, wrong_total, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
end

return common
