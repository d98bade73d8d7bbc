"""Pure calculators behind Retention Lab: formulas with their conventions, no Streamlit, no I/O.

Conventions shared by every module: the period is one year; the acquisition cost is paid at t = 0;
a new customer is certainly active in year 1 and active in year t with probability
``S(t) = retention**(t - 1)``; margins arrive at each year's end and are discounted by
``(1 + discount_rate)**t``. Rates are fractions (0.8 = 80 %); a retention uplift is in percentage
points written as a fraction (0.05 = +5 pp).

One model per module:

- inputs: `scenario` (every figure the owner enters, its bounds, units and files' format),
  `issues` (the one shape of every input's problems), `transactions` (reading a sales export);
- a customer's value: `clv` (lifetime value, survival, the value of an uplift), `tenure`
  (Reichheld's margin components), `firm` (the whole firm's customers and profit), `uplift`
  (an uplift per customer and for the firm), `satisfaction` (satisfaction -> loyalty);
- churn and word of mouth: `acquisition` (churn cost, leaky bucket, payback),
  `word_of_mouth` (complaint iceberg, who leaves, how far the story travels);
- customers' data: `cohorts` (who bought in which year), `sbg` (the shifted-beta-geometric
  model), `servqual` (the expectations gap), `nps` (Net Promoter Score), `intervals` (means
  with confidence intervals), `surveys` (survey and NPS files);
- what the pages show: `reports` (one module per page), `compare` (scenarios side by side,
  sensitivity), `present` (Trainer mode's steps).

Text and bytes from uploads come in as arguments; nothing here opens a file or the network.
"""
