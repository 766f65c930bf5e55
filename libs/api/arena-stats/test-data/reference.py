#!/usr/bin/env python3
"""Independent reference numbers for the arena-stats unit test (see ../README.md, "Reference numbers").

Pure Python 3 (standard library only), sharing no code with the TypeScript library and using other algorithms:
  * the default fit (ridge 0.01) by cyclic coordinate ascent — a one-dimensional Newton step on one model's
    log-strength at a time, sweeping until nothing moves — where the library uses full Newton/Cholesky;
  * the plain maximum-likelihood fit (ridge 0) by Zermelo's iteration in Hunter's (2004) MM form on the
    strengths pi, where the library uses Newton on log-strengths.
Both are run to a change below 1e-13 and written, with the vote counts and the win-rate matrix, to
reference.json:   python3 reference.py > reference.json
"""
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
RIDGE = 0.01
ELO_PER_LOG_UNIT = 400 / math.log(10)


def load_counts():
    with open(os.path.join(HERE, 'small-votes.json'), encoding='utf-8') as f:
        data = json.load(f)
    roster = data['models']
    voted = sorted({v['a'] for v in data['votes']} | {v['b'] for v in data['votes']})
    # credit[(x, y)]: votes won by x against y, a tie or "both bad" giving half to each side
    credit, games = {}, {}
    for v in data['votes']:
        a, b, outcome = v['a'], v['b'], v['outcome']
        games[(a, b)] = games.get((a, b), 0) + 1
        games[(b, a)] = games.get((b, a), 0) + 1
        share_a = {'a': 1.0, 'b': 0.0, 'tie': 0.5, 'both_bad': 0.5}[outcome]
        credit[(a, b)] = credit.get((a, b), 0.0) + share_a
        credit[(b, a)] = credit.get((b, a), 0.0) + 1.0 - share_a
    return roster, voted, credit, games, data['votes']


def sigmoid(d):
    return 1 / (1 + math.exp(-d))


def fit_ridge_coordinate_ascent(models, credit, games, ridge):
    theta = {m: 0.0 for m in models}
    for _sweep in range(100000):
        largest = 0.0
        for i in models:
            for _ in range(50):  # 1-D Newton on a strictly concave function of theta[i]
                grad, curv = -ridge * theta[i], ridge
                for j in models:
                    n = games.get((i, j), 0)
                    if n:
                        p = sigmoid(theta[i] - theta[j])
                        grad += credit[(i, j)] - n * p
                        curv += n * p * (1 - p)
                step = grad / curv
                theta[i] += step
                largest = max(largest, abs(step))
                if abs(step) < 1e-15:
                    break
        if largest < 1e-13:
            return theta
    raise RuntimeError('coordinate ascent did not converge')


def fit_plain_mm(models, credit, games):
    wins = {i: sum(credit.get((i, j), 0.0) for j in models) for i in models}
    pi = {m: 1.0 for m in models}
    for _ in range(1000000):
        new = {}
        for i in models:
            denominator = sum(games.get((i, j), 0) / (pi[i] + pi[j]) for j in models if j != i)
            new[i] = wins[i] / denominator
        mean_log = sum(math.log(x) for x in new.values()) / len(models)
        new = {m: x / math.exp(mean_log) for m, x in new.items()}  # geometric mean 1
        change = max(abs(math.log(new[m]) - math.log(pi[m])) for m in models)
        pi = new
        if change < 1e-13:
            return {m: math.log(x) for m, x in pi.items()}
    raise RuntimeError('MM did not converge')


def elo(theta):
    centre = sum(theta.values()) / len(theta)
    return {m: 1000 + ELO_PER_LOG_UNIT * (t - centre) for m, t in theta.items()}


def main():
    roster, models, credit, games, votes = load_counts()
    per_model = {m: 0 for m in models}
    for v in votes:
        per_model[v['a']] += 1
        per_model[v['b']] += 1
    win_rate = {i: {j: (credit[(i, j)] / games[(i, j)] if games.get((i, j)) else None) for j in models if j != i} for i in models}
    result = {
        'produced_by': 'python3 reference.py > reference.json (pure Python %s)' % '.'.join(map(str, __import__('sys').version_info[:3])),
        'both_bad': 'tie',
        'ridge': RIDGE,
        'ratings_ridge': elo(fit_ridge_coordinate_ascent(models, credit, games, RIDGE)),
        'ratings_plain_mle': elo(fit_plain_mm(models, credit, games)),
        'votes_per_model': per_model,
        'excluded_models': [m for m in roster if m not in models],
        'win_rate': win_rate,
    }
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == '__main__':
    main()
