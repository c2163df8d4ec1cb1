-- wrk script for the webhook ingest: posts pre-signed notifications from a file of lines
-- "signature<TAB>body" (written by Bench.java), each wrk thread its own share, in the file's order.
-- Arguments: the file, the number of wrk threads, and optionally a rate in requests per second for all
-- threads together. With a rate, requests leave on a fixed schedule, whatever the answers' latency (a
-- connection that fell behind sends at once until it has caught up); without, as fast as answered.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } tripdesk_timespec;
int clock_gettime(int clock, tripdesk_timespec *time);
]]
local MONOTONIC = 1
local time = ffi.new("tripdesk_timespec")

local function now_ms()
  ffi.C.clock_gettime(MONOTONIC, time)
  return tonumber(time.tv_sec) * 1000 + tonumber(time.tv_nsec) / 1e6
end

local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  local file, threads = args[1], tonumber(args[2])
  local rate = tonumber(args[3] or "0")
  -- This thread's share of the schedule: one request every interval milliseconds.
  interval = rate > 0 and 1000 * threads / rate or 0
  local headers = { ["Content-Type"] = "application/json" }
  prepared = {}
  local line_number = 0
  for line in io.lines(file) do
    if line_number % threads == id then
      local signature, body = line:match("^(%S+)\t(.*)$")
      headers["X-Hub-Signature-256"] = signature
      prepared[#prepared + 1] = wrk.format("POST", nil, headers, body)
    end
    line_number = line_number + 1
  end
  sent = 0
end

function request()
  sent = sent % #prepared + 1
  return prepared[sent]
end

function delay()
  if interval == 0 then
    return 0
  end
  local now = now_ms()
  scheduled = math.max(scheduled or now, now - 1000) + interval
  return math.max(0, math.floor(scheduled - now + 0.5))
end
