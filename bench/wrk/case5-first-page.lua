-- Case 5: GET /v3/personal-access-tokens?limit=25&page=1 (the first page: the count is the tally's) with an admin JWT.
-- wrk args: <admin JWTs file>
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local auths

function init(args)
  common.seed()
  auths = {}
  for i, jwt in ipairs(common.lines(args[1])) do auths[i] = "Bearer " .. jwt end
end

function request()
  return wrk.format("GET", "/v3/personal-access-tokens?limit=25&page=1",
    { ["Authorization"] = common.pick(auths), ["Accept"] = "application/json" })
end

done = common.done
