-- wrk script of make bench: POST /api/voice/route with a new CallSid on every request and From alternating between
-- callers never seen before and a pool of 100 repeat callers. KEY and TO come from the environment.
local key = os.getenv("OPBX_BENCH_KEY")
local to = os.getenv("OPBX_BENCH_TO")
local counter = 0
-- thread_id is set by setup() in each thread (a global: a local here would hide it).
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + thread_id)
end

request = function()
  counter = counter + 1
  local caller
  if counter % 2 == 0 then
    caller = 3000000 + thread_id * 1000000 + counter
  else
    caller = 1000000 + counter % 100
  end
  local body = '{"CallSid":"wrk-' .. thread_id .. '-' .. counter .. '-' .. math.random(1, 1000000000) ..
    '","From":"+1646' .. caller .. '","To":"' .. to .. '","Direction":"inbound"}'
  return wrk.format("POST", "/api/voice/route",
    {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}, body)
end
