-- Case 1: GET /v3/personal-access-tokens/{id} with an admin JWT, random existing ids.
-- wrk args: <token-ids file> <admin JWTs file>
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local ids, auths

function init(args)
  common.seed()
  ids = common.lines(args[1])
  auths = {}
  for i, jwt in ipairs(common.lines(args[2])) do auths[i] = "Bearer " .. jwt end
end

function request()
  return wrk.format("GET", "/v3/personal-access-tokens/" .. common.pick(ids),
    { ["Authorization"] = common.pick(auths), ["Accept"] = "application/json" })
end

done = common.done
