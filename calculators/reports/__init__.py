"""Everything a page shows, computed from one `Scenario` (or the owner's data) by the calculators.

Pages hold no formula: each calls one function here and draws what it returns. Each report is a
frozen dataclass of plain numbers and DataFrames, so it is testable without Streamlit. One module
per page, side by side, each imported on its own (``from calculators.reports.overview import
overview_report``): nothing is re-exported here, so that a page does not wait for the imports of
another page's report (the Your data page's sBG fit loads scipy.optimize).

- `overview`: `OverviewReport`, the cost of churn and a customer's value;
- `acquisition`: `AcquisitionReport`, acquisition versus retention;
- `word_of_mouth`: `WordOfMouthReport`, complaints and what customers tell others;
- `loyalty`: `LoyaltyReport`, the value of a loyal customer and of a retention uplift;
- `expectations`: `ExpectationsReport`, the expectations gap and its what-if;
- `your_data`: `CohortReport` (`analyse_transactions`) and `LifetimeValues`, from a sales export.
"""
