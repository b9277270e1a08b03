# Reference figures for src/outcomes (survival.h, proportion.h), from R's survival package and
# prop.test. Run: Rscript survival_reference.R > survival_reference.json (Debian: r-base-core,
# r-cran-survival). The C++ tests read the JSON and must match it to 1e-9.
suppressMessages(library(survival))

num <- function(x) ifelse(is.na(x) | !is.finite(x), "null", sprintf("%.17g", x))
arr <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")

km_json <- function(time, status) {
  fit <- survfit(Surv(time, status) ~ 1)  # conf.type "log", Greenwood: survfit's defaults
  q <- quantile(fit, probs = 0.5)
  paste0('{"time": ', arr(fit$time), ', "n_risk": ', arr(fit$n.risk), ', "n_event": ', arr(fit$n.event),
         ', "n_censor": ', arr(fit$n.censor), ', "surv": ', arr(fit$surv), ', "std_err": ', arr(fit$std.err),
         ', "lower": ', arr(fit$lower), ', "upper": ', arr(fit$upper),
         ', "median": ', num(q$quantile), ', "median_lower": ', num(q$lower), ', "median_upper": ', num(q$upper), '}')
}

case_json <- function(name, time, status, group) {
  parts <- c(sprintf('"name": "%s"', name), paste0('"time": ', arr(time)), paste0('"status": ', arr(status)),
             paste0('"group": ', arr(group)), paste0('"km": ', km_json(time, status)))
  if (length(unique(group)) > 1) {
    d <- survdiff(Surv(time, status) ~ group)
    df <- sum(d$exp > 0) - 1
    parts <- c(parts, paste0('"log_rank": {"chi_square": ', num(d$chisq), ', "df": ', df,
                             ', "p": ', num(pchisq(d$chisq, df, lower.tail = FALSE)),
                             ', "observed": ', arr(d$obs), ', "expected": ', arr(d$exp), '}'))
  }
  paste0("{", paste(parts, collapse = ", "), "}")
}

cases <- list()
# Ties of events and censorings at one time; censored last.
cases[[1]] <- case_json("ties", c(7, 7, 14, 14, 14, 21, 28, 28, 35, 42, 42, 56),
                        c(1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0), rep(1, 12))
# The curve sits exactly on 0.5 over a step, and ends at 0.
cases[[2]] <- case_json("plateau_to_zero", c(1, 2, 3, 4), c(1, 1, 1, 1), rep(1, 4))
# Never reaches 0.5: no median.
cases[[3]] <- case_json("no_median", c(3, 5, 8, 13, 21, 34), c(1, 0, 0, 1, 0, 0), rep(1, 6))
# A clinic-sized cohort in three groups (fractional days, as the report uses).
set.seed(20261203)
n <- 90
group <- rep(1:3, each = 30)
time <- round(rexp(n, rate = c(1 / 20, 1 / 30, 1 / 45)[group]) * 86400) / 86400
censor <- round(runif(n, 5, 90) * 86400) / 86400
status <- as.numeric(time <= censor)
time <- pmin(time, censor)
cases[[4]] <- case_json("three_groups", time, status, group)
# Two groups, one with no events at all.
cases[[5]] <- case_json("two_groups_one_silent", c(2, 4, 6, 8, 3, 5, 7), c(1, 1, 0, 1, 0, 0, 0), c(1, 1, 1, 1, 2, 2, 2))

wilson <- function(x, n) {
  ci <- prop.test(x, n, correct = FALSE)$conf.int
  sprintf('{"count": %d, "n": %d, "lower": %s, "upper": %s}', x, n, num(ci[1]), num(ci[2]))
}
props <- c(wilson(0, 12), wilson(7, 10), wilson(12, 12), wilson(288, 537), wilson(1, 3), wilson(155, 537))

cat('{"r_version": "', R.version.string, '", "survival_version": "', as.character(packageVersion("survival")),
    '",\n "cases": [\n', paste(unlist(cases), collapse = ",\n"), '],\n "wilson": [', paste(props, collapse = ", "), ']}\n', sep = "")
