import { createRoot } from 'react-dom/client'
import { App } from './App'
import './workstation.css'

createRoot(document.getElementById('root')!).render(<App />)
