-- Signed webhook deliveries, each with its own event id: LOAD_REQUESTS holds one per line
-- (webhook-id, webhook-timestamp, webhook-signature, body; tab-separated), signed by the bench
-- just before the run. Thread i sends lines i, i+n, i+2n, ...; a thread that runs out starts its
-- share again (those answers say Webhook-Duplicate: true and are counted apart).
dofile(os.getenv("LOAD_DIR") .. "/statuses.lua")

requests = {}
position = 0

function init(args)
  local n = tonumber(os.getenv("LOAD_THREADS"))
  local line_number = 0
  for line in io.lines(os.getenv("LOAD_REQUESTS")) do
    if line_number % n == (index or 0) then
      local id, ts, sig, body = string.match(line, "^([^\t]+)\t([^\t]+)\t([^\t]+)\t(.+)$")
      table.insert(requests, wrk.format("POST", os.getenv("LOAD_PATH"), {
        ["Content-Type"] = "application/json",
        ["webhook-id"] = id,
        ["webhook-timestamp"] = ts,
        ["webhook-signature"] = sig,
      }, body))
    end
    line_number = line_number + 1
  end
end

function request()
  position = position % #requests + 1
  return requests[position]
end
