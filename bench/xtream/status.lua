-- wrk script: counts answers whose status is not the one expected (wrk's own "Non-2xx or 3xx"
-- count cannot tell a redirect from a refusal). Usage: wrk ... -s status.lua URL -- STATUS
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  expected = tonumber(args[1] or "200")
  unexpected = 0
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do
    total = total + t:get("unexpected")
  end
  io.write(string.format("Unexpected statuses: %d\n", total))
end
