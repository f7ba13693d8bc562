import { createRoot } from 'react-dom/client';
import 'tdesign-react/es/style/index.css';
import './desk.css';
import { DeskConfigError, readDeskConfig } from './config';

const root = createRoot(document.getElementById('root') as HTMLElement);

// A build with wrong settings says which, instead of a blank page.
try {
  readDeskConfig(import.meta.env);
  void import('./app').then(({ App }) => root.render(<App />));
} catch (error) {
  root.render(<p className="desk-config-error">{error instanceof DeskConfigError ? error.message : String(error)}</p>);
}
