-- Case 2: GET /v3/personal-access-tokens/{id} with a token secret as bearer; the id is that very
-- token's (its user is an admin, and owns it), so every request is authorized.
-- wrk args: <secret-tokens file: "<id> <secret>" per line>
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local pairs_ = {}

function init(args)
  common.seed()
  for _, line in ipairs(common.lines(args[1])) do
    local id, secret = line:match("^(%S+)%s+(%S+)$")
    assert(id and secret, "bad line in " .. args[1] .. ": " .. line)
    pairs_[#pairs_ + 1] = { "/v3/personal-access-tokens/" .. id, "Bearer " .. secret, id }
  end
end

-- The id also goes in X-Request-Id, which the service echoes, so the answer can be matched to it.
function request()
  local p = common.pick(pairs_)
  return wrk.format("GET", p[1], { ["Authorization"] = p[2], ["Accept"] = "application/json", ["X-Request-Id"] = p[3] })
end

-- Right: a 200 with the requested token's id.
function response(status, headers, body)
  local id = status == 200 and common.echoed_id(headers)
  if not (id and common.has(body, '"id":"' .. id .. '"')) then common.wrong(status) end
end

setup = common.setup
done = common.done
