@testable import TwinEncoder

/// An independent float64 forward pass of the kept-BatchNorm SigNet graph, written directly from the definitions
/// (as the peer's numpy interpreter is): the self-contained numeric reference for the optimised engine.
enum ReferenceForward {
    static func run(_ net: Network, image: [Float]) -> [Double] {
        let arch = net.architecture
        var x = image.map(Double.init)
        var (c, h, w) = (1, arch.inputHeight, arch.inputWidth)
        for layer in net.layers {
            switch layer {
            case let conv as Conv2d:
                let (k, s, p, co) = (conv.kernel, conv.stride, conv.padding, conv.outChannels)
                let ho = (h + 2 * p - k) / s + 1, wo = (w + 2 * p - k) / s + 1
                var y = [Double](repeating: 0, count: co * ho * wo)
                let wv = conv.weight.value
                for o in 0..<co { for i in 0..<ho { for j in 0..<wo {
                    var acc = 0.0
                    for ci in 0..<c { for kh in 0..<k { for kw in 0..<k {
                        let ih = i * s - p + kh, iw = j * s - p + kw
                        if ih < 0 || ih >= h || iw < 0 || iw >= w { continue }
                        acc += Double(wv[((o * c + ci) * k + kh) * k + kw]) * x[(ci * h + ih) * w + iw]
                    } } }
                    y[(o * ho + i) * wo + j] = acc
                } } }
                (x, c, h, w) = (y, co, ho, wo)
            case let bn as BatchNorm:
                let per = x.count / bn.features
                for ch in 0..<bn.features {
                    let inv = 1 / (Double(bn.runningVar.value[ch]) + Double(bn.epsilon)).squareRoot()
                    for j in 0..<per {
                        let v = (x[ch * per + j] - Double(bn.runningMean.value[ch])) * inv
                        x[ch * per + j] = v * Double(bn.gamma.value[ch]) + Double(bn.beta.value[ch])
                    }
                }
            case is ReLU:
                x = x.map { max($0, 0) }
            case let pool as MaxPool2d:
                let ho = (h - pool.kernel) / pool.stride + 1, wo = (w - pool.kernel) / pool.stride + 1
                var y = [Double](repeating: -.infinity, count: c * ho * wo)
                for ch in 0..<c { for i in 0..<ho { for j in 0..<wo {
                    for a in 0..<pool.kernel { for b in 0..<pool.kernel {
                        y[(ch * ho + i) * wo + j] = max(y[(ch * ho + i) * wo + j],
                                                        x[(ch * h + i * pool.stride + a) * w + j * pool.stride + b])
                    } }
                } } }
                (x, h, w) = (y, ho, wo)
            case let fc as Linear:
                var y = [Double](repeating: 0, count: fc.outFeatures)
                for o in 0..<fc.outFeatures {
                    var acc = 0.0
                    for i in 0..<fc.inFeatures { acc += Double(fc.weight.value[o * fc.inFeatures + i]) * x[i] }
                    y[o] = acc
                }
                x = y
            case is L2Normalize:
                let n = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
                x = x.map { $0 / max(n, 1e-12) }
            default:
                break  // Flatten, Dropout (identity at inference)
            }
        }
        return x
    }
}

/// max |a − b| / max |b|: the peer's relative error measure.
func maxRelativeError(_ a: [Float], _ b: [Double]) -> Double {
    let scale = b.map(abs).max() ?? 0
    let worst = zip(a, b).map { abs(Double($0) - $1) }.max() ?? .infinity
    return worst / max(scale, 1e-30)
}

/// Direct convolution in float64: y[n,o,i,j] = b[o] + Σ w[o,c,kh,kw]·x[n,c,i·s−p+kh,j·s−p+kw].
func referenceConvolution(_ x: Tensor, _ conv: Conv2d) -> [Double] {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (k, s, p, co) = (conv.kernel, conv.stride, conv.padding, conv.outChannels)
    let ho = (h + 2 * p - k) / s + 1, wo = (w + 2 * p - k) / s + 1
    var y = [Double](repeating: 0, count: n * co * ho * wo)
    for b in 0..<n { for o in 0..<co { for i in 0..<ho { for j in 0..<wo {
        var acc = Double(conv.bias?.value[o] ?? 0)
        for ci in 0..<c { for kh in 0..<k { for kw in 0..<k {
            let ih = i * s - p + kh, iw = j * s - p + kw
            guard ih >= 0, ih < h, iw >= 0, iw < w else { continue }
            acc += Double(conv.weight.value[((o * c + ci) * k + kh) * k + kw]) * Double(x.data[((b * c + ci) * h + ih) * w + iw])
        } } }
        y[((b * co + o) * ho + i) * wo + j] = acc
    } } } }
    return y
}
