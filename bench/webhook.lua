-- wrk script for the webhook ingest: posts pre-signed notifications from a file of lines
-- "signature<TAB>body" (written by Bench.java), each wrk thread its own share, in the file's order.
-- Arguments: the file, the number of wrk threads, and optionally a pause in milliseconds before each
-- request of a connection (to hold a steady rate rather than the most the server takes).

local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  local file, threads = args[1], tonumber(args[2])
  pause = tonumber(args[3] or "0")
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
  return pause
end
