import Foundation

/// Logistic regression fitted by Newton–Raphson (IRLS), optionally with an L2 penalty on the
/// coefficients (never the intercept). Deterministic: no randomness, fixed iteration order.
public struct LogisticRegression: Sendable, Hashable {
    public var intercept: Double
    public var coefficients: [Double]
    /// Standard errors of the intercept then the coefficients (from the inverse Hessian).
    public var standardErrors: [Double]
    public var iterations: Int

    /// Two-sided Wald p-values of the coefficients.
    public var pValues: [Double] {
        coefficients.indices.map { j in
            let se = standardErrors[j + 1]
            guard se > 0, se.isFinite else { return 1 }
            return erfc(abs(coefficients[j] / se) / 2.0.squareRoot())
        }
    }

    /// Fits `P(y) = 1 / (1 + exp(−(b0 + Σ bj xj)))` where `y[i]` is `true` for the event.
    ///
    /// - Parameters:
    ///   - columns: one array per regressor, each `y.count` long.
    ///   - l2: penalty `l2/2 · Σ bj²`.
    /// - Complexity: O(iterations · (n·p² + p³)).
    /// - Throws: `ScorecardError.fit` when the Hessian is singular (collinear regressors).
    public static func fit(columns: [[Double]], y: [Bool], l2: Double = 0, maxIterations: Int = 100)
        throws(ScorecardError)
        -> LogisticRegression
    {
        let n = y.count, p = columns.count + 1
        let events = Double(y.count { $0 })
        var beta = [Double](repeating: 0, count: p)
        beta[0] = log(events / (Double(n) - events))
        var hessian = [Double](repeating: 0, count: p * p)
        var iterations = 0
        for iteration in 1...maxIterations {
            iterations = iteration
            var gradient = [Double](repeating: 0, count: p)
            hessian = [Double](repeating: 0, count: p * p)
            var x = [Double](repeating: 1, count: p)
            for i in 0..<n {
                var eta = beta[0]
                for j in 1..<p {
                    x[j] = columns[j - 1][i]
                    eta += beta[j] * x[j]
                }
                let prob = 1 / (1 + exp(-eta))
                let w = prob * (1 - prob)
                let r = (y[i] ? 1 : 0) - prob
                for a in 0..<p {
                    gradient[a] += x[a] * r
                    for b in 0...a { hessian[a * p + b] += w * x[a] * x[b] }
                }
            }
            for a in 1..<p {
                gradient[a] -= l2 * beta[a]
                hessian[a * p + a] += l2
            }
            for a in 0..<p { for b in 0..<a { hessian[b * p + a] = hessian[a * p + b] } }
            guard let step = solve(hessian, gradient, p) else {
                throw ScorecardError(.fit, "logistic regression: singular design (collinear features)")
            }
            var largest = 0.0
            for j in 0..<p {
                beta[j] += step[j]
                largest = max(largest, abs(step[j]))
            }
            if largest < 1e-10 { break }
        }
        guard let inverse = invert(hessian, p) else {
            throw ScorecardError(.fit, "logistic regression: singular design (collinear features)")
        }
        let errors = (0..<p).map { inverse[$0 * p + $0].squareRoot() }
        return LogisticRegression(
            intercept: beta[0], coefficients: Array(beta[1...]), standardErrors: errors, iterations: iterations)
    }

    /// The linear predictor (log-odds of the event) of one row.
    public func logit(_ row: [Double]) -> Double {
        zip(coefficients, row).reduce(intercept) { $0 + $1.0 * $1.1 }
    }

    /// Solves the symmetric positive definite system `a·x = b` (Cholesky); `nil` if singular.
    static func solve(_ a: [Double], _ b: [Double], _ p: Int) -> [Double]? {
        guard let l = cholesky(a, p) else { return nil }
        var y = [Double](repeating: 0, count: p)
        for i in 0..<p {
            var s = b[i]
            for k in 0..<i { s -= l[i * p + k] * y[k] }
            y[i] = s / l[i * p + i]
        }
        var x = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<p where k < p { s -= l[k * p + i] * x[k] }
            x[i] = s / l[i * p + i]
        }
        return x
    }

    static func cholesky(_ a: [Double], _ p: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0...i {
                var s = a[i * p + j]
                for k in 0..<j { s -= l[i * p + k] * l[j * p + k] }
                if i == j {
                    guard s > 1e-12 * max(1, abs(a[i * p + i])) else { return nil }
                    l[i * p + i] = s.squareRoot()
                } else {
                    l[i * p + j] = s / l[j * p + j]
                }
            }
        }
        return l
    }

    static func invert(_ a: [Double], _ p: Int) -> [Double]? {
        var inverse = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            var e = [Double](repeating: 0, count: p)
            e[j] = 1
            guard let column = solve(a, e, p) else { return nil }
            for i in 0..<p { inverse[i * p + j] = column[i] }
        }
        return inverse
    }
}
