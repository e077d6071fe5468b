import { jest } from '@jest/globals'

// Browser flows include the page-enter animations and a cold Chromium start.
jest.setTimeout(60000)
