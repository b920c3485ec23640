#!/usr/bin/env bash
# Builds libtiff 4.5.0 and libjpeg-turbo 2.1.5 from Debian 12's own sources (Debian's patches applied), static and
# instrumented for libFuzzer and AddressSanitizer, into PREFIX (default /tmp/instr), with pkg-config files that
# make SwiftPM link them instead of the system's. The fuzzer then sees coverage inside the libraries, not only in
# our Swift and C shim code. Needs root for apt (deb-src, cmake) and about 3 CPU-minutes.
#
#   bash Sources/DecoderFuzzer/build-instrumented-libs.sh
#   PKG_CONFIG_PATH=/tmp/instr/lib/pkgconfig swift build -c release --build-path .build-fuzz-instr \
#     --product DecoderFuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
#     -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
set -euo pipefail
PREFIX=${PREFIX:-/tmp/instr}
WORK=${WORK:-/tmp/instr-src}
CC=${CC:-$(dirname "$(readlink -f "$(command -v swift)")")/clang}
FLAGS="-O1 -g -fsanitize=fuzzer-no-link,address"

if ! command -v cmake >/dev/null || ! command -v dpkg-source >/dev/null; then
  apt-get update -qq && apt-get install -y -qq cmake dpkg-dev
fi
mkdir -p "$WORK" "$PREFIX/lib/pkgconfig" "$PREFIX/include"
cd "$WORK"
if [ ! -d tiff ] || [ ! -d jpeg ]; then
  # Debian's source packages, through a temporary deb-src entry that is removed again.
  src=/etc/apt/sources.list.d/sigforensics-deb-src.sources
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' > "$src"
  apt-get update -qq
  apt-get source -qq --download-only tiff libjpeg-turbo
  rm -f "$src"; apt-get update -qq
  dpkg-source -x tiff_*.dsc tiff >/dev/null
  dpkg-source -x libjpeg-turbo_*.dsc jpeg >/dev/null
fi

# libjpeg-turbo: static, no SIMD (assembly is not instrumented), arithmetic coding on (the default).
mkdir -p jpeg/build && cd jpeg/build
cmake .. -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$FLAGS" -DCMAKE_BUILD_TYPE=None -DENABLE_SHARED=0 \
  -DWITH_SIMD=0 -DWITH_TURBOJPEG=0 >/dev/null
make -j2 jpeg-static >/dev/null
cp libjpeg.a "$PREFIX/lib/" && cp ../jpeglib.h ../jmorecfg.h ../jerror.h jconfig.h "$PREFIX/include/"
cd "$WORK"

# libtiff: static, with the JPEG (and old-JPEG) and zlib codecs the system library has.
mkdir -p tiff/b && cd tiff/b
cmake .. -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$FLAGS" -DCMAKE_BUILD_TYPE=None -DBUILD_SHARED_LIBS=OFF \
  -Dlzma=OFF -Dzstd=OFF -Dwebp=OFF -Djbig=OFF -Dlerc=OFF -Dlibdeflate=OFF -Dcxx=OFF -Dtiff-docs=OFF \
  -Dtiff-tests=OFF -Dtiff-tools=OFF -Dtiff-contrib=OFF \
  -DJPEG_INCLUDE_DIR="$PREFIX/include" -DJPEG_LIBRARY="$PREFIX/lib/libjpeg.a" >/dev/null
make -j2 tiff >/dev/null
cp libtiff/libtiff.a "$PREFIX/lib/" && cp ../libtiff/tiff.h ../libtiff/tiffio.h ../libtiff/tiffvers.h libtiff/tiffconf.h "$PREFIX/include/"

cat > "$PREFIX/lib/pkgconfig/libtiff-4.pc" <<PC
Name: libtiff
Description: libtiff instrumented for fuzzing
Version: 4.5.0
Cflags: -I$PREFIX/include
Libs: -L$PREFIX/lib -ltiff -ljpeg -lz -lm
PC
cat > "$PREFIX/lib/pkgconfig/libjpeg.pc" <<PC
Name: libjpeg
Description: libjpeg-turbo instrumented for fuzzing
Version: 2.1.5
Cflags: -I$PREFIX/include
Libs: -L$PREFIX/lib -ljpeg
PC
echo "instrumented libtiff and libjpeg in $PREFIX; use PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig"
