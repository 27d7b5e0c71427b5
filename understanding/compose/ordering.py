"""Ranking and limits: superlatives, frequency words, "best" and "worst" where the data model
says which way is better, "top 5"."""

from __future__ import annotations

from models.ask import CubeFilter, CubeQuery
from understanding.compose.base import (
    ComposerBase,
    Direction,
    aggregatable,
)
from understanding.reader import (
    MemberItem,
    ScopeItem,
    VerbItem,
    WordItem,
)


class Ordering(ComposerBase):
    def _order(self, query: CubeQuery) -> None:
        assert self.measure is not None
        limit = next((w for w in self.reading.words("limit")), None)
        if limit is not None and self._counts_the_scope(limit):
            limit.used = True  # "each of the three NYC airports": how many there are, all of them
            limit = None
        if not (query.dimensions or (query.timeDimensions and query.timeDimensions[0].granularity)):
            return  # nothing to rank: ranking words stay unused, and are asked about
        direction = self._direction()
        ranked = direction is not None or (limit is not None and bool(limit.number))
        if ranked and self._each_words() and self._ranks_groups():
            self._ask_about(
                self._each_words(),
                "not the top of each group: one query ranks all the groups together.",
            )
        if direction:
            query.order = [(self.measure.name, direction)]
            if query.dimensions and query.limit is None and self._ranks_groups():
                # "which aircraft flew the most": the one with no tail number is no aircraft
                query.filters.append(CubeFilter(member=query.dimensions[0], operator="set"))
            if self.measure.agg not in ("count", "countDistinct"):
                # a group with no value at all ranks nowhere (SQL would put it first)
                query.filters.append(CubeFilter(member=self.measure.name, operator="set"))
        elif query.dimensions and self._ranked_by_the_figure():
            query.order = [(self.measure.name, "desc")]  # "airlines ranked by flight count"
        elif query.dimensions:
            query.order = [(query.dimensions[0], "asc")]
        if limit is not None and limit.number:
            limit.used = True
            query.limit = limit.number
            query.offset = limit.offset or None
            if not direction:
                query.order = [(self.measure.name, "asc" if limit.value == "asc" else "desc")]
        for word in self.reading.words("order"):
            word.used = True

    def _counts_the_scope(self, limit: WordItem) -> bool:
        """ "the three NYC airports" where there are three: the set named, not a top three."""
        scope = self._adjacent(limit, ScopeItem, after=True)
        if not isinstance(scope, ScopeItem):
            return False
        about = {m.scope_of for m in scope.members if m.scope_of}
        return any(len(self.catalog.values.get(a, ())) == limit.number for a in about)

    def _ranked_by_the_figure(self) -> bool:
        """ "rank(ed) by", "sort(ed) by", "order(ed) by" the question's figure: highest first."""
        tokens = self.reading.tokens
        words = ("rank", "ranked", "sort", "sorted", "order", "ordered")
        if tokens and tokens[0].norm == "rank":
            return any(t.norm == "by" for t in tokens)  # "rank the three airports by ..."
        return any(
            tokens[n].norm in words and tokens[n + 1].norm == "by" for n in range(len(tokens) - 1)
        )

    def _ranks_groups(self) -> bool:
        """The answer is the top (or bottom) groups, not every group in an order."""
        return bool(self.reading.words("superlative", "frequency", "polar", "quality", "limit"))

    def _direction(self) -> Direction | None:
        """The ranking the question asks for; words that disagree ("the best ... lowest" is
        fine, "most ... fewest" is not) are asked about."""
        assert self.measure is not None
        found: list[tuple[WordItem, Direction]] = []
        for word in self.reading.words(
            "superlative", "frequency", "direction", "polar", "quality", "comparative", "limit"
        ):
            if word.used and word.kind != "limit":
                continue
            if word.kind == "polar" and not self._describes_the_figure(word):
                continue  # "the highest airport": its altitude, not its number of flights
            if word.kind == "polar" and self._plain_degree(word):
                self._ask_about([word], f'not what counts as "{self._norm(word)}".')
            direction = self._word_direction(word)
            if direction is not None:
                found.append((word, direction))
        if not found:
            return None
        directions = {d for _, d in found}
        if len(directions) > 1:
            self._ask_about([w for w, _ in found], "they rank in opposite directions.")
        for word, _ in found:
            if word.kind != "limit":
                word.used = True
        return found[0][1]

    def _verb_of_the_figure_after(self, word: WordItem) -> bool:
        """ "best-selling", "worst-performing": the verb that names the figure, right after."""
        assert self.measure is not None
        after = next((i for i in self.reading.items if i.start == word.end), None)
        return isinstance(after, VerbItem) and self.measure in after.members

    def _describes_the_figure(self, word: WordItem) -> bool:
        """An adjective of a column ranks by the figure only where it is said of that figure's
        column too ("the longest flights": distance; "high" is said of altitude, not counts)."""
        assert self.measure is not None and word.member is not None
        column = self.catalog.members.get(self.measure.of or "") or self.measure
        said = {*word.member.higher, *word.member.lower}
        if said & {*column.higher, *column.lower}:
            return True
        # a plain superlative of a figure ("the lowest average delay") ranks by it, unless
        # what it is said of is a thing ("the highest airport") or nothing at all
        after = next((i for i in self.reading.items if i.start == word.end), None)
        if isinstance(after, MemberItem):  # a thing's count is no figure it is said of
            return any(
                (m.kind == "measure" and m.agg != "count") or aggregatable(m) for m in after.members
            )
        return after is not None or column is not self.measure

    def _word_direction(self, word: WordItem) -> Direction | None:
        assert self.measure is not None
        if word.kind == "quality":
            better = self._better()
            if better is None and self._verb_of_the_figure_after(word):
                better = "higher"  # "the best-selling products": the most sold
            if better is None:
                self._ask_about(
                    [word],
                    f"not what makes {self.measure.short_title.lower()} better or worse.",
                    self._quality_options(),
                )
            good = word.value == "better"
            return "asc" if (better == "lower") == good else "desc"
        if word.value == "asc":
            return "asc"
        if word.value == "desc":
            return "desc"
        return None

    def _better(self) -> str | None:
        assert self.measure is not None
        column = self.catalog.members.get(self.measure.of or "")
        # a column's measures are better as it is; a measure of its own says so itself
        return column.better if column else self.measure.better
