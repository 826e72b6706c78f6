"""No module of egov imports itself back through others (lazy imports inside functions count too).

The contracts of ``pyproject.toml`` (``lint-imports``) keep the layers; this test keeps the modules acyclic.
A cycle that cannot be broken yet is listed in ``KNOWN`` with the reason, and the test fails once it is gone
so the list only shrinks.
"""

import grimp
import pytest

KNOWN = {
    # AgencyScopedQuerySet (scoping) is the manager of Agency (models); scoping reads Agency inside a function.
    frozenset({"egov.agencies.models", "egov.agencies.scoping"}),
    # The django-tasks task calls services.deliver; services enqueues the task. Moving the task would orphan
    # the rows already queued under its dotted path.
    frozenset({"egov.notifications.services", "egov.notifications.tasks"}),
}


@pytest.fixture(scope="module")
def cycles():
    graph = grimp.build_graph("egov", include_external_packages=False)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    return _strongly_connected(edges)


def _strongly_connected(edges):
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        work = [(node, iter(sorted(edges[node])))]
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        while work:
            current, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[current] = min(low[current], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[current])
            if low[current] == index[current]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == current:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return set(found)


def test_no_new_import_cycle(cycles):
    assert cycles - KNOWN == set()


def test_known_cycles_are_still_there(cycles):
    assert KNOWN <= cycles, "a known cycle is gone: remove it from KNOWN"
