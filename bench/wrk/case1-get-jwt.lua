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

-- The id also goes in X-Request-Id, which the service echoes, so the answer can be matched to it.
function request()
  local id = common.pick(ids)
  return wrk.format("GET", "/v3/personal-access-tokens/" .. id,
    { ["Authorization"] = common.pick(auths), ["Accept"] = "application/json", ["X-Request-Id"] = id })
end

-- Right: a 200 with the requested token's id.
function response(status, headers, body)
  local id = status == 200 and common.echoed_id(headers)
  if not (id and common.has(body, '"id":"' .. id .. '"')) then common.wrong(status) end
end

setup = common.setup
done = common.done
