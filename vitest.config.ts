import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'firmware/src/**/*.test.ts',
      'board/src/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    // System tests build network namespaces; they print why they skip when not root.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
})
