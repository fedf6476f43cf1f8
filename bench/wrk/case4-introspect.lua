-- Case 4: POST /v3/personal-access-tokens/introspect (RFC 7662), form token=<secret>, by an
-- administrator of the bench account, for random known secrets: after the warm-up every secret is
-- in the service's memory, so the goal is no SQL at all.
-- wrk args: <secret-tokens file: "<id> <secret>" per line> <admin JWT file, one per line>
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local secrets = {}
local jwts = {}

function init(args)
  common.seed()
  for _, line in ipairs(common.lines(args[1])) do
    local secret = line:match("^%S+%s+(%S+)$")
    assert(secret, "bad line in " .. args[1] .. ": " .. line)
    secrets[#secrets + 1] = "token=" .. secret
  end
  jwts = common.lines(args[2])
end

function request()
  return wrk.format("POST", "/v3/personal-access-tokens/introspect", {
    ["Authorization"] = "Bearer " .. common.pick(jwts),
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
  }, common.pick(secrets))
end

done = common.done
