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
    local id, secret = line:match("^(%S+)%s+(%S+)$")
    assert(id and secret, "bad line in " .. args[1] .. ": " .. line)
    secrets[#secrets + 1] = { "token=" .. secret, id }
  end
  jwts = common.lines(args[2])
end

-- The token's id goes in X-Request-Id, which the service echoes, so the answer can be matched to it.
function request()
  local s = common.pick(secrets)
  return wrk.format("POST", "/v3/personal-access-tokens/introspect", {
    ["Authorization"] = "Bearer " .. common.pick(jwts),
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["X-Request-Id"] = s[2],
  }, s[1])
end

-- Right: a 200 saying the secret is active, for the requested token. Every secret used is known and
-- active, so {"active":false} (or any other body) is a wrong answer, not a success.
function response(status, headers, body)
  local id = status == 200 and common.has(body, '"active":true') and common.echoed_id(headers)
  if not (id and common.has(body, '"tokenId":"' .. id .. '"')) then common.wrong(status) end
end

setup = common.setup
done = common.done
