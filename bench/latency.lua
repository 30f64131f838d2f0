-- wrk reporter: one line of figures the benchmark parses.
done = function(summary, latency, requests)
  io.write(string.format("FIGURES p50=%.3f p95=%.3f p99=%.3f rps=%.1f errors=%d non2xx=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
