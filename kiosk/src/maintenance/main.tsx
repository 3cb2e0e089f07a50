import { render } from 'preact';
import { Console } from './console';
import '../theme/tokens.css';
import './maintenance.css';

render(<Console />, document.getElementById('app')!);
