<?php
/**
 * Everything the plugin prints goes through an escaping function, as WordPress's
 * `WordPress.Security.EscapeOutput` demands: `echo esc_attr( $x )`, never `echo $x`.
 * Functions that print unescaped text themselves (`_e`, `printf`) are refused; their
 * escaping twins (`esc_html_e`, `echo esc_html( sprintf( … ) )`) are the way.
 *
 * @package BookSprintz
 */

namespace BookSprintz\Sniffs\Security;

use PHP_CodeSniffer\Files\File;
use PHP_CodeSniffer\Sniffs\Sniff;

/**
 * Flags `echo`/`print` of anything but an escaping call or a literal.
 */
class EscapeOutputSniff implements Sniff {

	/**
	 * Calls whose result is safe to print.
	 *
	 * @var string[]
	 */
	const ESCAPING = array(
		'esc_html',
		'esc_attr',
		'esc_url',
		'esc_textarea',
		'esc_js',
		'esc_html__',
		'esc_attr__',
		'esc_html_x',
		'esc_attr_x',
		'wp_kses',
		'wp_kses_post',
		'wp_kses_data',
		'absint',
		'intval',
		'wp_json_encode',
	);

	/**
	 * Functions that print their arguments unescaped.
	 *
	 * @var string[]
	 */
	const PRINTING = array( '_e', '_ex', 'printf', 'vprintf' );

	/**
	 * The tokens this sniff looks at.
	 *
	 * @return array<int|string>
	 */
	public function register() {
		return array( T_ECHO, T_PRINT, T_OPEN_TAG_WITH_ECHO, T_STRING );
	}

	/**
	 * Checks one `echo`, `print`, `<?=` or function name.
	 *
	 * @param File $file     The file being checked.
	 * @param int  $position The token's position.
	 * @return void
	 */
	public function process( File $file, $position ) {
		$tokens = $file->getTokens();
		$token  = $tokens[ $position ];
		if ( T_STRING === $token['code'] ) {
			$next = $file->findNext( T_WHITESPACE, $position + 1, null, true );
			$prev = $file->findPrevious( T_WHITESPACE, $position - 1, null, true );
			$is_call = false !== $next && T_OPEN_PARENTHESIS === $tokens[ $next ]['code'];
			$is_method = false !== $prev && in_array( $tokens[ $prev ]['code'], array( T_OBJECT_OPERATOR, T_DOUBLE_COLON, T_FUNCTION ), true );
			if ( $is_call && ! $is_method && in_array( strtolower( $token['content'] ), self::PRINTING, true ) ) {
				$file->addError( '%s() prints unescaped text; use its esc_* twin or echo esc_html( … ).', $position, 'UnescapedPrintingFunction', array( $token['content'] ) );
			}
			return;
		}
		$first = $file->findNext( T_WHITESPACE, $position + 1, null, true );
		if ( false === $first ) {
			return;
		}
		$kind = $tokens[ $first ]['code'];
		if ( in_array( $kind, array( T_CONSTANT_ENCAPSED_STRING, T_LNUMBER, T_DNUMBER ), true ) ) {
			$end = $file->findNext( T_WHITESPACE, $first + 1, null, true );
			if ( false !== $end && in_array( $tokens[ $end ]['code'], array( T_SEMICOLON, T_CLOSE_TAG ), true ) ) {
				return; // A literal alone.
			}
		}
		if ( T_STRING === $kind && in_array( strtolower( $tokens[ $first ]['content'] ), self::ESCAPING, true ) ) {
			$open = $file->findNext( T_WHITESPACE, $first + 1, null, true );
			if ( false !== $open && T_OPEN_PARENTHESIS === $tokens[ $open ]['code'] && isset( $tokens[ $open ]['parenthesis_closer'] ) ) {
				$after = $file->findNext( T_WHITESPACE, $tokens[ $open ]['parenthesis_closer'] + 1, null, true );
				if ( false !== $after && in_array( $tokens[ $after ]['code'], array( T_SEMICOLON, T_CLOSE_TAG ), true ) ) {
					return; // One escaping call, nothing concatenated after it.
				}
			}
		}
		$file->addError( 'Output is not escaped: print only the result of esc_html(), esc_attr(), esc_url() or wp_kses*().', $position, 'OutputNotEscaped' );
	}
}
