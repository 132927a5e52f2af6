-- wrk script: a flood of counter-notice form posts from one client address. The server trusts
-- loopback as its proxy, so X-Forwarded-For names the flooding client. The form token is a
-- real one (FORM_TOKEN), so what stops the flood is the rate limit, not the CSRF check.
local token = os.getenv("FORM_TOKEN")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "dmca_form=" .. token
wrk.headers["X-Forwarded-For"] = "203.0.113.66"
wrk.body = "csrf=" .. token .. "&material=https%3A%2F%2Fexample.org%2Fspam&name=flood"

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init()
  statuses = {}
end
function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end
function done()
  local total = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do
      total[code] = (total[code] or 0) + n
    end
  end
  for code, n in pairs(total) do
    io.write(string.format("flood status %d: %d\n", code, n))
  end
end
