"""Health economics that knows no disease: the Markov cohort engine (markov), background mortality
(lifetable), parameter specs and sampling (params), cost-effectiveness summaries (cea: ICERs along
the efficiency frontier with strict and extended dominance, acceptability curve and frontier, EVPI)
and the one-way sensitivity driver (oneway).

A disease model plugs in as data (a parameter table) and functions (an `evaluate(parameter_sets)`
callable, a `constrain(draws)` hook). Nothing here imports a disease model, the evidence store or any UI.
"""
