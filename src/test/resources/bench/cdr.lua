-- wrk script of make bench: POST /api/webhooks/cloudonix/cdr, a new call (call id, session id, token) on every
-- request. KEY and RUN (a small number unique to each wrk run of the bench) come from the environment.
local key = os.getenv("OPBX_BENCH_KEY")
local run = tonumber(os.getenv("OPBX_BENCH_RUN"))
local counter = 0
-- thread_id is set by setup() in each thread (a global: a local here would hide it).
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

request = function()
  counter = counter + 1
  -- Below 10^12, so LuaJIT writes it as a plain integer.
  local n = string.format("%d", run * 10000000000 + thread_id * 100000000 + counter)
  local body = '{"call_id":"bench-' .. n .. '@10.0.0.1","session":{"id":' .. n .. ',"token":"bt-' ..
    n .. '"},"from":"+12125550199","to":"1001","disposition":"ANSWERED","duration":30,"billsec":25}'
  return wrk.format("POST", "/api/webhooks/cloudonix/cdr",
    {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}, body)
end
