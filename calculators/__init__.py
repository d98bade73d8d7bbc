"""Pure calculators behind Retention Lab: formulas of DESIGN §5, no Streamlit, no I/O.

Conventions shared by every module: the period is one year; the acquisition cost is paid at t = 0;
a new customer is certainly active in year 1 and active in year t with probability
``S(t) = retention**(t - 1)``; margins arrive at each year's end and are discounted by
``(1 + discount_rate)**t``. Rates are fractions (0.8 = 80 %); a retention uplift is in percentage
points written as a fraction (0.05 = +5 pp).
"""
