"""Composing a query from what the reader found: aggregation x column, filters, time, grouping,
order and limit, over any member of the semantic layer.

Every piece of evidence must take part in the query. A piece that does not fit (a value no
reachable dimension holds, a date on data without dates, "highest" with nothing to rank), and
any word nobody explained, stops composition with a clarification that names those words:
a question back is cheap, a confident answer to a different question is not.
"""

from __future__ import annotations

from models.ask import CubeQuery
from understanding.compose.checks import Checks
from understanding.compose.conditions import Conditions
from understanding.compose.grouping import Grouping
from understanding.compose.measure import Measures
from understanding.compose.ordering import Ordering
from understanding.compose.periods import Periods
from understanding.compose.values import Values


class Composer(Checks, Conditions, Values, Measures, Grouping, Periods, Ordering):
    """One question's composition; each step lives in the module its base class names."""

    def compose(self) -> CubeQuery:
        self._check_leftovers()
        self._check_values_before_nouns()
        self._targets()
        self._value_lists()
        self._explicit_groups()
        self._choose_measure()
        assert self.measure is not None
        self._implicit_groups()
        self._settle_groups()
        self._value_filters()
        self._comparison_filters()
        self._realized()
        # "when it's raining (precip > 0)": one condition said twice is one filter
        filters = [f for n, f in enumerate(self.filters) if f not in self.filters[:n]]
        query = CubeQuery(measures=[self.measure.name], filters=filters)
        self._time(query)
        self._grouping(query)
        self._order(query)
        query = self._count_among_the_groups_rows(query)
        self._check_reach(query)
        self._check_every_period(query)
        self._check_group_conditions(query)
        self._check_never(query)
        self._check_alternatives(query)
        self._check_all_used()
        return query
