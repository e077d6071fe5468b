// The framework's floor for `npm run size`: an app with nothing of ours in it, built with our config.
import { PropsWithChildren } from 'react'

export default function App({ children }: PropsWithChildren) {
  return children
}
