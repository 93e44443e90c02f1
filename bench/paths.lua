-- wrk script of bench/load.sh: each request takes the next path of the file given after '--'
-- (one path per line, each thread starting elsewhere in the list); extra request headers
-- from the environment variable WRK_HEADERS ("Name: value" lines separated by '|').
-- Lines "POST <path> <body>" send a JSON body. At the end it prints one RESULT line (JSON).
local paths = {}
local counter = 0

function setup(thread)
  thread:set("tid", math.random(1, 100000))
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  counter = (tid or 0) % #paths
  local h = os.getenv("WRK_HEADERS")
  if h then
    for pair in string.gmatch(h, "[^|]+") do
      local name, value = string.match(pair, "^([^:]+):%s*(.*)$")
      if name then wrk.headers[name] = value end
    end
  end
end

function request()
  counter = counter + 1
  local line = paths[(counter % #paths) + 1]
  if string.sub(line, 1, 5) == "POST " then
    local path, body = string.match(line, "^POST (%S+) (.*)$")
    local headers = { ["Content-Type"] = "application/json" }
    for name, value in pairs(wrk.headers) do headers[name] = value end
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", line)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
