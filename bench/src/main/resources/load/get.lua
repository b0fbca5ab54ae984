-- GET requests cycling through the paths in LOAD_PATHS (one a line), with x-api-key LOAD_API_KEY
-- when set. Each thread starts at its own offset.
dofile(os.getenv("LOAD_DIR") .. "/statuses.lua")

paths = {}
position = 0

function init(args)
  for line in io.lines(os.getenv("LOAD_PATHS")) do
    table.insert(paths, line)
  end
  position = (index or 0) * 7919 % #paths
  key = os.getenv("LOAD_API_KEY")
end

function request()
  position = position % #paths + 1
  local headers = {}
  if key ~= nil and key ~= "" then
    headers["x-api-key"] = key
  end
  return wrk.format("GET", paths[position], headers)
end
