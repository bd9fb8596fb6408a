# The timing rule of bench/timing.ts for the R peers: one warm-up fit, then samples of as many
# back-to-back fits as fill min_ms, until `samples` or max_ms; a fit slower than max_ms/2 is
# timed once. Expects fit_once(), samples, min_ms, max_ms; leaves fit (the last fit) and per
# (ms per fit, one entry per sample).
now <- function() as.numeric(Sys.time()) * 1e3
t <- now(); fit <- fit_once(); first <- now() - t
per <- numeric(0)
loops <- 1L
if (first > max_ms / 2) {
  per <- first  # a slow fit: the warm-up call is the one sample
  samples <- 0L
} else {
  start <- now()
  loops <- 0L
  t <- now()
  repeat {
    fit <- fit_once(); loops <- loops + 1L
    if (now() - t >= min_ms) break
  }
  one <- (now() - t) / loops
}
while (length(per) < samples) {
  t <- now()
  for (k in seq_len(loops)) fit <- fit_once()
  per <- c(per, (now() - t) / loops)
  el <- now() - start
  if (el > max_ms && (length(per) >= 3 || one * loops * 3 > max_ms)) break
}
