-- Shared by the load scenarios (WrkLoadBench): counts every status per thread, keeps the first
-- 429's Retry-After, Content-Type and body, and prints them for the bench to read.
threads = {}
counts = {}
duplicates = 0
first429 = nil

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

local function header(headers, name)
  return headers[name] or headers[string.lower(name)]
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  if status == 429 and first429 == nil then
    first429 = (header(headers, "Retry-After") or "none") .. "\t" .. (header(headers, "Content-Type") or "none")
      .. "\t" .. string.gsub(string.sub(body or "", 1, 300), "%s", " ")
  end
  if header(headers, "Webhook-Duplicate") == "true" then
    duplicates = duplicates + 1
  end
end

function done(summary, latency, requests)
  local total = {}
  local dups = 0
  local sample = nil
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do
      total[status] = (total[status] or 0) + n
    end
    dups = dups + thread:get("duplicates")
    sample = sample or thread:get("first429")
  end
  for status, n in pairs(total) do
    io.write(string.format("LOAD status %d %d\n", status, n))
  end
  io.write(string.format("LOAD duplicates %d\n", dups))
  io.write(string.format("LOAD errors connect %d read %d write %d timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("LOAD latency p%s %.3f\n", p, latency:percentile(p) / 1000.0))
  end
  io.write(string.format("LOAD requests %d seconds %.3f\n", summary.requests, summary.duration / 1e6))
  if sample then
    io.write("LOAD first429 " .. sample .. "\n")
  end
end
