-- wrk script: POST /v1/scores cycling over the USCCs in $FC_USCCS (one per line), with the API
-- key in $FC_KEY. With $FC_DELAY_MS set, each connection waits that long before each request
-- (wrk's delay() hook): a fixed offered rate of about connections × 1000 / FC_DELAY_MS req/s.
local usccs = {}
for line in io.lines(os.getenv("FC_USCCS")) do usccs[#usccs + 1] = line end
local key = os.getenv("FC_KEY")
local pause = tonumber(os.getenv("FC_DELAY_MS") or "0")
local n = 0

function setup(thread)
  thread:set("offset", math.random(#usccs))
end

-- Every request is formatted once, up front: wrk's own cost per request stays close to that of
-- the trivial route it is compared with.
local requests = {}

function init(args)
  n = offset or 0
  for i, uscc in ipairs(usccs) do
    local body = '{"uscc":"' .. uscc .. '","consent_ref":"BENCH-' .. i .. '"}'
    requests[i] = wrk.format("POST", "/v1/scores",
      { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }, body)
  end
end

function request()
  n = n + 1
  return requests[(n % #requests) + 1]
end

if pause > 0 then
  function delay() return pause end
end

-- No response() hook: wrk counts non-2xx answers itself, and with the hook it copies every
-- answer's headers and body into Lua, work the trivial route's run does not do.
