-- wrk script for bench/pages.py: prints one machine-readable line when the run is done.
--
--   wrk -s bench/wrk_report.lua ...  ->  WRK_REPORT {"requests": ..., "p95_us": ..., ...}
--
-- wrk itself counts only connect/read/write/timeout errors and status >= 400 ("status"); a
-- redirect (3xx) would pass as a success. Here every response whose status is not 2xx counts
-- as an error ("non2xx", counted per thread in response() and summed in done()). Latencies are
-- wrk's own histogram (microseconds), which `wrk --latency` prints at 50/75/90/99 only.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_REPORT {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, '
      .. '"write": %d, "status": %d, "timeout": %d, "non2xx": %d, "p50_us": %d, "p90_us": %d, '
      .. '"p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read,
    errors.write, errors.status, errors.timeout, non2xx_total,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean
  ))
end
