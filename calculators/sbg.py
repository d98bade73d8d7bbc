"""The shifted-beta-geometric (sBG) model of retention: customers differ, so retention rises with
tenure (Fader & Hardie, "How to Project Customer Retention", 2007; source ``sbg``).

Each customer leaves in any year with their own probability, constant over time, and those
probabilities follow a Beta(alpha, beta) distribution across customers. The customers most likely
to leave leave first, so a cohort's retention rises with tenure:

- retention in tenure year t: ``r_t = (beta + t - 1) / (alpha + beta + t - 1)``
  (`sbg_retention`); still a customer after t years: ``S(t) = B(alpha, beta + t) / B(alpha,
  beta)`` (`sbg_survival`);
- alpha and beta fitted by maximum likelihood to cohorts' survivor counts, the last observed
  year right-censored (`fit_shifted_beta_geometric`, `fit_shifted_beta_geometric_cohorts`);
- a new customer's lifetime value under the model (`sbg_lifetime_value`), with the conventions
  of `calculators.clv`.

The model has no way back: a customer lost is lost for good. From an owner's transactions the
survivor counts are built by `calculators.cohorts.survivor_matrix` with the same window N as
the retention the page measures: a customer of a cohort survives while each purchase is
followed by the next within N years (N = 1: a purchase in every year since the first), and is
lost after the first purchase followed by N years without one. A later return does not revive
them here. The fit suits contract-like repeat business; for occasional buyers a window of one
year counts a skipped year as a customer lost.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, digamma, hyp2f1

from calculators._validate import check_finite, check_integer, check_range

__all__ = [
    "fit_shifted_beta_geometric",
    "fit_shifted_beta_geometric_cohorts",
    "sbg_lifetime_value",
    "sbg_retention",
    "sbg_survival",
]

# The sBG parameters are searched on a log scale within these bounds (about 1e-4 to 8e3).
_LOG_BOUNDS = (-9.0, 9.0)
# The most years `sbg_lifetime_value` sums when its closed form is out of scipy's reach.
_MAX_SUM_YEARS = 1_000_000


def _check_alpha_beta(alpha: float, beta: float) -> tuple[float, float]:
    alpha = check_range("alpha", alpha, 0, None, low_open=True)
    beta = check_range("beta", beta, 0, None, low_open=True)
    return alpha, beta


def sbg_retention(alpha: float, beta: float, years: int) -> np.ndarray:
    """Retention in tenure years 1..`years` under the shifted-beta-geometric model.

    r_t = (beta + t - 1) / (alpha + beta + t - 1)

    The share of customers alive at t - 1 who are still alive at t: it rises with t, because
    the customers most likely to leave leave first.

    Parameters
    ----------
    alpha, beta : float
        The Beta distribution of customers' yearly churn probabilities (both > 0).
    years : int
        How many years (integer >= 1).

    Returns
    -------
    numpy.ndarray
        ``years`` retention rates, fractions in (0, 1).

    Examples
    --------
    >>> sbg_retention(1.0, 1.0, 3).round(3).tolist()
    [0.5, 0.667, 0.75]
    """
    alpha, beta = _check_alpha_beta(alpha, beta)
    years = check_integer("years", years, 1)
    t = np.arange(1, years + 1, dtype=float)
    return (beta + t - 1) / (alpha + beta + t - 1)


def sbg_survival(alpha: float, beta: float, years: int) -> np.ndarray:
    """Share of a new cohort still customers after t = 0..`years` years (sBG).

    S(t) = B(alpha, beta + t) / B(alpha, beta) = prod_{j=1..t} r_j,  S(0) = 1

    Parameters
    ----------
    alpha, beta : float
        sBG parameters (both > 0).
    years : int
        The last t (integer >= 1).

    Returns
    -------
    numpy.ndarray
        ``years + 1`` shares, from 1 at t = 0, non-increasing.

    Examples
    --------
    >>> sbg_survival(1.0, 1.0, 3).round(3).tolist()
    [1.0, 0.5, 0.333, 0.25]
    """
    survival: np.ndarray = np.r_[1.0, np.cumprod(sbg_retention(alpha, beta, years))]
    return survival


def _check_survivors(name: str, survivors: Sequence[float] | np.ndarray) -> np.ndarray:
    try:
        counts = np.asarray(survivors, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a 1-D sequence of at least 2 finite counts >= 0, got {survivors!r}"
        ) from None
    if counts.ndim != 1 or counts.size < 2 or not np.isfinite(counts).all():
        raise ValueError(
            f"{name} must be a 1-D sequence of at least 2 finite counts >= 0, got {survivors!r}"
        )
    if counts[0] <= 0 or (counts < 0).any():
        raise ValueError(f"{name} must start above 0 and have no count below 0, got {survivors!r}")
    rises = np.flatnonzero(np.diff(counts) > 0)
    if rises.size:
        k = int(rises[0]) + 1
        raise ValueError(
            f"{name} must not increase (customers lost do not come back): "
            f"{name}[{k}] = {counts[k]:g} > {name}[{k - 1}] = {counts[k - 1]:g}"
        )
    return counts


def _sbg_totals(cohorts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Customers lost in each tenure year t = 1..T, and customers still alive after T years."""
    longest = max(len(counts) for counts in cohorts) - 1
    lost = np.zeros(longest)
    alive = np.zeros(longest)
    for counts in cohorts:
        periods = len(counts) - 1
        lost[:periods] += counts[:-1] - counts[1:]
        alive[periods - 1] += counts[-1]
    return lost, alive


def _negative_log_likelihood(
    log_params: np.ndarray, lost: np.ndarray, alive: np.ndarray
) -> tuple[float, np.ndarray]:
    """-LL and its gradient in (log alpha, log beta).

    LL = sum_t lost_t ln P(t) + sum_T alive_T ln S(T),
    ln P(t) = ln B(alpha + 1, beta + t - 1) - ln B(alpha, beta),
    ln S(T) = ln B(alpha, beta + T) - ln B(alpha, beta).
    """
    alpha, beta = np.exp(log_params)
    t = np.arange(1, len(lost) + 1, dtype=float)
    base = betaln(alpha, beta)
    log_p = betaln(alpha + 1, beta + t - 1) - base
    log_s = betaln(alpha, beta + t) - base
    value = lost @ log_p + alive @ log_s
    # d ln B(a, b) / da = digamma(a) - digamma(a + b), and likewise for b.
    d_base_a = digamma(alpha) - digamma(alpha + beta)
    d_base_b = digamma(beta) - digamma(alpha + beta)
    d_p_a = digamma(alpha + 1) - digamma(alpha + beta + t) - d_base_a
    d_p_b = digamma(beta + t - 1) - digamma(alpha + beta + t) - d_base_b
    d_s_a = digamma(alpha) - digamma(alpha + beta + t) - d_base_a
    d_s_b = digamma(beta + t) - digamma(alpha + beta + t) - d_base_b
    gradient = np.array(
        [alpha * (lost @ d_p_a + alive @ d_s_a), beta * (lost @ d_p_b + alive @ d_s_b)]
    )
    return -float(value), -gradient


def fit_shifted_beta_geometric_cohorts(
    cohorts: Sequence[Sequence[float] | np.ndarray],
) -> tuple[float, float]:
    """Maximum-likelihood sBG parameters from several cohorts' survivor counts at once.

    Each cohort is ``n_0, n_1, …, n_T``: customers acquired, and still alive after 1..T years
    (T may differ between cohorts). The log-likelihood adds up, over cohorts,

        sum_{t=1..T} (n_{t-1} - n_t) ln P(t) + n_T ln S(T)

    with P(t) = B(alpha + 1, beta + t - 1) / B(alpha, beta) the chance of leaving in year t and
    S(T) = B(alpha, beta + T) / B(alpha, beta) the chance of still being there: the customers
    alive at the end of the data are right-censored, not lost. Maximised with scipy's L-BFGS-B
    on log alpha and log beta (each within e^-9 .. e^9), analytic gradient.

    Parameters
    ----------
    cohorts : sequence of sequences of float
        One survivor list per cohort; each with at least 2 counts >= 0, starting above 0,
        never increasing. At least one customer must be lost somewhere.

    Returns
    -------
    tuple of float
        ``(alpha, beta)``.

    Raises
    ------
    ValueError
        If a list is malformed, or no customer is lost in any cohort (no finite estimate: the
        data are consistent with nobody ever leaving).

    Examples
    --------
    A cohort observed for three years next to one observed for four:

    >>> cohorts = [[1000, 631, 468, 382], [900, 570, 420, 346, 295]]
    >>> a, b = fit_shifted_beta_geometric_cohorts(cohorts)
    >>> round(a, 3), round(b, 3)
    (0.77, 1.312)
    """
    if isinstance(cohorts, np.ndarray) and cohorts.ndim == 1:
        raise ValueError("cohorts must be a sequence of survivor lists, got a single list")
    checked = [_check_survivors(f"cohorts[{i}]", counts) for i, counts in enumerate(cohorts)]
    if not checked:
        raise ValueError("cohorts must hold at least one survivor list, got none")
    lost, alive = _sbg_totals(checked)
    if lost.sum() <= 0:
        raise ValueError(
            "cohorts must show at least one customer lost: with nobody leaving, the sBG model "
            "has no finite estimate (retention looks like 100%)"
        )
    # Scale to keep the objective's size independent of the number of customers.
    scale = 1.0 / (lost.sum() + alive.sum())
    result = minimize(
        _negative_log_likelihood,
        x0=np.zeros(2),
        args=(lost * scale, alive * scale),
        jac=True,
        method="L-BFGS-B",
        bounds=[_LOG_BOUNDS, _LOG_BOUNDS],
        options={"ftol": 1e-14, "gtol": 1e-10},
    )
    alpha, beta = np.exp(result.x)
    return float(alpha), float(beta)


def fit_shifted_beta_geometric(survivors: Sequence[float] | np.ndarray) -> tuple[float, float]:
    """Maximum-likelihood shifted-beta-geometric parameters from one cohort's survivors.

    survivors = n_0, n_1, …, n_T: customers acquired, then still customers after 1..T years.
    LL(alpha, beta) = sum_{t=1..T} (n_{t-1} - n_t) ln P(t) + n_T ln S(T), with
    P(t) = B(alpha + 1, beta + t - 1) / B(alpha, beta), S(t) = B(alpha, beta + t) / B(alpha, beta);
    see `fit_shifted_beta_geometric_cohorts` (this is its one-cohort case).

    Parameters
    ----------
    survivors : sequence of float
        At least 2 counts >= 0, starting above 0, never increasing, with some customer lost.

    Returns
    -------
    tuple of float
        ``(alpha, beta)``; retention in tenure year t is (beta + t - 1) / (alpha + beta + t - 1).

    Raises
    ------
    ValueError
        If the counts are malformed or nobody is lost.

    Examples
    --------
    Fader & Hardie's published fit (the "regular" customers, 7 years):

    >>> a, b = fit_shifted_beta_geometric([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> round(a, 3), round(b, 3)
    (0.704, 1.182)
    """
    if isinstance(survivors, np.ndarray) and survivors.ndim != 1:
        raise ValueError(f"survivors must be a 1-D sequence, got shape {survivors.shape}")
    counts = _check_survivors("survivors", survivors)
    try:
        return fit_shifted_beta_geometric_cohorts([counts])
    except ValueError as error:
        raise ValueError(str(error).replace("cohorts must", "survivors must", 1)) from None


def sbg_lifetime_value(
    margin: float,
    alpha: float,
    beta: float,
    discount_rate: float,
    acquisition_cost: float = 0.0,
    horizon: int | None = None,
) -> float:
    """Net present value of one new customer whose retention follows the sBG model.

    CLV = sum_{t=1..H} margin * S(t - 1) / (1 + discount_rate)**t - acquisition_cost

    Same conventions as `calculators.clv.customer_lifetime_value`: certainly active in year
    1, margins at each year's end, the acquisition cost at t = 0; S(t) from `sbg_survival`.
    With no horizon the sum is the Gaussian hypergeometric function (Fader & Hardie 2010):

        CLV = margin / (1 + i) * 2F1(1, beta; alpha + beta; 1 / (1 + i)) - acquisition_cost

    which is finite when i > 0, or when i = 0 and alpha > 1.

    Parameters
    ----------
    margin : float
        Margin per customer per year (money), any finite number.
    alpha, beta : float
        sBG parameters (both > 0).
    discount_rate : float
        Annual discount rate, a fraction in [0, 1].
    acquisition_cost : float, optional
        Paid at t = 0 (money, >= 0). Default 0.
    horizon : int or None, optional
        Years counted (integer >= 1); ``None`` sums over all years.

    Returns
    -------
    float
        CLV in money per customer, at t = 0.

    Raises
    ------
    ValueError
        If an input is out of range, or discount_rate = 0 with alpha <= 1 and no horizon (the
        expected lifetime is infinite).

    Examples
    --------
    >>> round(sbg_lifetime_value(100, 0.704, 1.182, 0.10), 2)
    335.92

    Two years, no discounting: year 1 certain, year 2 with S(1) = 1.182 / 1.886.

    >>> round(sbg_lifetime_value(100, 0.704, 1.182, 0.0, horizon=2), 2)
    162.67
    """
    margin = check_finite("margin", margin)
    alpha, beta = _check_alpha_beta(alpha, beta)
    discount_rate = check_range("discount_rate", discount_rate, 0, 1)
    acquisition_cost = check_range("acquisition_cost", acquisition_cost, 0, None)
    if horizon is not None:
        horizon = check_integer("horizon", horizon, 1)
        survival = sbg_survival(alpha, beta, horizon)[:-1]
        discount = (1.0 + discount_rate) ** -np.arange(1, horizon + 1, dtype=float)
        return margin * float(survival @ discount) - acquisition_cost
    if discount_rate == 0 and alpha <= 1:
        raise ValueError(
            f"alpha must be > 1 when discount_rate is 0 and horizon is None: with alpha = "
            f"{alpha:.4g} the expected lifetime is infinite; give a horizon (years)"
        )
    z = 1.0 / (1.0 + discount_rate)
    series = float(hyp2f1(1.0, beta, alpha + beta, z))
    if not math.isfinite(series) and discount_rate > 0:
        # scipy's 2F1 can fail for very large alpha and beta (almost no heterogeneity): sum
        # the years until discounting makes the rest negligible (below 1e-12 of the total).
        years = min(math.ceil(12 * math.log(10) / math.log1p(discount_rate)), _MAX_SUM_YEARS)
        survival = sbg_survival(alpha, beta, years)[:-1]
        series = float(survival @ z ** np.arange(years, dtype=float))
    return margin * z * series - acquisition_cost
