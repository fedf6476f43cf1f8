-- Cases 3 and 5: GET /v3/personal-access-tokens?limit=25&page=<page> with an admin JWT; the page is
-- the second argument when given (case 5: 1, the first page), else random in 1..100 (case 3).
-- wrk args: <admin JWTs file> [page]
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local auths, page

function init(args)
  common.seed()
  auths = {}
  for i, jwt in ipairs(common.lines(args[1])) do auths[i] = "Bearer " .. jwt end
  page = tonumber(args[2])
end

function request()
  return wrk.format("GET", "/v3/personal-access-tokens?limit=25&page=" .. (page or math.random(100)),
    { ["Authorization"] = common.pick(auths), ["Accept"] = "application/json" })
end

-- Right: a 200 whose body is a JSON array of objects (every page asked for is full).
function response(status, headers, body)
  if not (status == 200 and body and body:sub(1, 2) == "[{") then common.wrong(status) end
end

setup = common.setup
done = common.done
